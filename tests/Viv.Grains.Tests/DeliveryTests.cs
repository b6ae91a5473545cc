using Orleans.Runtime;
using Viv.Realtime;

namespace Viv.Grains.Tests;

/// <summary>The real-time spine: a grain's event reaches every connection of a user, wherever the grain lives.</summary>
public sealed class DeliveryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;
    private static readonly ClientEvent Hello = new SignedInElsewhere(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Events_from_grains_on_either_silo_reach_the_client()
    {
        var relay = new RecordingRelay();
        var reference = _grains.CreateObjectReference<IClientRelay>(relay);
        // Orleans' default placement need not spread a batch over both silos (a fresh-clone run put 24
        // on one), so users come online until both silos host some, up to a bound.
        var users = new List<Guid>();
        while (users.Count < 24 || (users.Count < 240 && (await SilosHosting(users)).Count < 2))
        {
            var user = Guid.NewGuid();
            users.Add(user);
            await _grains.GetGrain<IPresenceGrain>(user).Connect(new ConnectionLease($"c-{user}", DeviceKind.Browser), reference);
        }

        await Task.WhenAll(users.Select(u => _grains.GetGrain<IPresenceGrain>(u).Deliver(Hello)));

        foreach (var user in users)
        {
            (await relay.WaitFor($"c-{user}")).Should().Equal(Hello);
        }
        var hosts = await SilosHosting(users);
        hosts.Should().HaveCount(2, "presence grains on both silos prove delivery crosses silos to the client");
    }

    [Fact]
    public async Task Every_connection_of_a_user_on_every_web_node_receives_the_event()
    {
        var (nodeA, nodeB) = (new RecordingRelay(), new RecordingRelay());
        var presence = _grains.GetGrain<IPresenceGrain>(Guid.NewGuid());
        await presence.Connect(new ConnectionLease("tab-1", DeviceKind.Browser), _grains.CreateObjectReference<IClientRelay>(nodeA));
        await presence.Connect(new ConnectionLease("tab-2", DeviceKind.Browser), _grains.CreateObjectReference<IClientRelay>(nodeA));
        await presence.Connect(new ConnectionLease("phone", DeviceKind.Mobile), _grains.CreateObjectReference<IClientRelay>(nodeB));

        await presence.Deliver(Hello);

        (await nodeA.WaitFor("tab-1")).Should().Equal(Hello);
        (await nodeA.WaitFor("tab-2")).Should().Equal(Hello);
        (await nodeB.WaitFor("phone")).Should().Equal(Hello);
    }

    [Fact]
    public async Task A_closed_connection_receives_nothing()
    {
        var relay = new RecordingRelay();
        var reference = _grains.CreateObjectReference<IClientRelay>(relay);
        var presence = _grains.GetGrain<IPresenceGrain>(Guid.NewGuid());
        await presence.Connect(new ConnectionLease("open", DeviceKind.Browser), reference);
        await presence.Connect(new ConnectionLease("closed", DeviceKind.Browser), reference);
        await presence.Disconnect("closed");

        await presence.Deliver(Hello);

        (await relay.WaitFor("open")).Should().Equal(Hello);
        (await relay.AfterQuietPeriod("closed")).Should().BeEmpty();
        (await presence.GetConnectionCount()).Should().Be(1);
    }

    [Fact]
    public async Task A_connection_whose_node_stopped_renewing_falls_away_and_a_renewed_one_stays()
    {
        var (dead, alive) = (new RecordingRelay(), new RecordingRelay());
        var presence = _grains.GetGrain<IPresenceGrain>(Guid.NewGuid());
        var aliveReference = _grains.CreateObjectReference<IClientRelay>(alive);
        await presence.Connect(new ConnectionLease("on-dead-node", DeviceKind.Browser), _grains.CreateObjectReference<IClientRelay>(dead));
        await presence.Connect(new ConnectionLease("on-live-node", DeviceKind.Browser), aliveReference);

        fixture.Clock.Advance(ConnectionLease.RenewalInterval);
        await presence.Renew([new ConnectionLease("on-live-node", DeviceKind.Browser)], aliveReference);
        fixture.Clock.Advance(ConnectionLease.Duration - ConnectionLease.RenewalInterval);
        await Eventually.True(async () => await presence.GetConnectionCount() == 1);
        await presence.Deliver(Hello);

        (await alive.WaitFor("on-live-node")).Should().Equal(Hello);
        (await dead.AfterQuietPeriod("on-dead-node")).Should().BeEmpty();
    }

    [Fact]
    public async Task Renewal_rebuilds_a_presence_grain_that_lost_its_memory_and_tells_the_connection_so()
    {
        var relay = new RecordingRelay();
        var reference = _grains.CreateObjectReference<IClientRelay>(relay);
        var presence = _grains.GetGrain<IPresenceGrain>(Guid.NewGuid());
        var lease = new ConnectionLease("survivor", DeviceKind.Browser);
        await presence.Connect(lease, reference);

        await fixture.Cluster.DeactivateAsync(presence);
        (await presence.GetConnectionCount()).Should().Be(0);
        await presence.Renew([lease], reference);
        await presence.Renew([lease], reference);
        await presence.Deliver(Hello);

        (await relay.WaitFor("survivor", 2)).Should().Equal(new PresenceRestored(), Hello);
        (await relay.AfterQuietPeriod("survivor")).Should().HaveCount(2, "only the renewal that rebuilt the grain says so; opening a connection never does");
    }

    [Fact]
    public async Task Signing_in_tells_the_users_open_clients()
    {
        var (username, id) = await Accounts.Register(_grains);
        var relay = new RecordingRelay();
        await _grains.GetGrain<IPresenceGrain>(id).Connect(new ConnectionLease("open-tab", DeviceKind.Browser), _grains.CreateObjectReference<IClientRelay>(relay));

        await _grains.GetGrain<Viv.Accounts.IUsernameGrain>(username.Normalized).SignIn(Accounts.Password);

        (await relay.WaitFor("open-tab")).Should().ContainSingle().Which.Should().Be(new SignedInElsewhere(fixture.Clock.GetUtcNow()));
    }

    private async Task<HashSet<SiloAddress>> SilosHosting(IEnumerable<Guid> users)
    {
        var ids = users.Select(u => _grains.GetGrain<IPresenceGrain>(u).GetGrainId()).ToHashSet();
        var statistics = await _grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics.Where(s => ids.Contains(s.GrainId)).Select(s => s.SiloAddress)];
    }
}
