using Viv.Accounts;
using Viv.Realtime;

namespace Viv.Grains.Tests;

/// <summary>
/// An account's sessions, browsers' and native clients' alike: ending one revokes it and closes
/// only the hub connections it opened; the list stays bounded and forgets expired sessions.
/// </summary>
public sealed class SessionListTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private DateTimeOffset InDays(double days) => fixture.Clock.GetUtcNow().AddDays(days);

    private async Task<IDeviceSessionGrain> Begun(Guid user, double days = 14)
    {
        var session = _grains.GetGrain<IDeviceSessionGrain>(Guid.NewGuid());
        await session.Begin(user, "", InDays(days));
        return session;
    }

    private ISessionListGrain ListOf(Guid user) => _grains.GetGrain<ISessionListGrain>(user);

    [Fact]
    public async Task Ending_a_session_revokes_it_and_closes_only_the_connections_it_opened()
    {
        var ada = await Member.Register(_grains);
        var (laptop, phone) = (await Begun(ada.Id), await Begun(ada.Id));
        await ada.Presence.Connect(new ConnectionLease("laptop-tab-1", DeviceKind.Browser, laptop.GetPrimaryKey()), ada.RelayReference);
        await ada.Presence.Connect(new ConnectionLease("laptop-tab-2", DeviceKind.Browser, laptop.GetPrimaryKey()), ada.RelayReference);
        await ada.Presence.Connect(new ConnectionLease("phone", DeviceKind.Mobile, phone.GetPrimaryKey()), ada.RelayReference);

        await ListOf(ada.Id).End(laptop.GetPrimaryKey());

        await Eventually.True(() => Task.FromResult(ada.Relay.Closed.Count == 2), "waiting for the laptop's tabs to be closed");
        ada.Relay.Closed.Should().BeEquivalentTo("laptop-tab-1", "laptop-tab-2");
        (await laptop.GetActiveUser()).Should().BeNull();
        (await phone.GetActiveUser()).Should().Be(ada.Id);
        (await ada.Presence.GetConnectionCount()).Should().Be(1);
        (await ListOf(ada.Id).GetCount()).Should().Be(1);
        (await ada.Relay.AfterQuietPeriod("phone")).Should().BeEmpty();
        ada.Relay.Closed.Should().HaveCount(2, "the phone's connection belongs to a session that goes on");
    }

    [Fact]
    public async Task Ending_all_but_one_keeps_only_that_one_and_ending_all_keeps_none()
    {
        var user = Guid.NewGuid();
        var (kept, other, third) = (await Begun(user), await Begun(user), await Begun(user));

        await ListOf(user).EndAllBut(kept.GetPrimaryKey());
        var afterPasswordChange = (await kept.GetActiveUser(), await other.GetActiveUser(), await third.GetActiveUser());
        await ListOf(user).EndAllBut(null);

        afterPasswordChange.Should().Be((user, null, null));
        (await kept.GetActiveUser()).Should().BeNull();
        (await ListOf(user).GetCount()).Should().Be(0);
    }

    [Fact]
    public async Task An_account_cannot_end_a_session_of_another_account()
    {
        var (mine, theirs) = (Guid.NewGuid(), Guid.NewGuid());
        var theirSession = await Begun(theirs);

        await ListOf(mine).End(theirSession.GetPrimaryKey());
        await ListOf(mine).EndAllBut(null);

        (await theirSession.GetActiveUser()).Should().Be(theirs);
    }

    [Fact]
    public async Task The_list_is_bounded_a_sign_in_past_the_limit_ends_the_oldest_session()
    {
        var user = Guid.NewGuid();
        var sessions = new List<IDeviceSessionGrain>();
        for (var i = 0; i < ISessionListGrain.MaxSessions; i++)
        {
            sessions.Add(await Begun(user));
        }

        var newest = await Begun(user);

        (await ListOf(user).GetCount()).Should().Be(ISessionListGrain.MaxSessions);
        (await sessions[0].GetActiveUser()).Should().BeNull("the oldest session made room");
        (await sessions[1].GetActiveUser()).Should().Be(user);
        (await newest.GetActiveUser()).Should().Be(user);
    }

    [Fact]
    public async Task Expired_sessions_leave_the_list_at_the_next_sign_in_and_one_extended_in_time_stays()
    {
        var user = Guid.NewGuid();
        var (lapsed, extended, revoked) = (await Begun(user, days: 1), await Begun(user, days: 1), await Begun(user, days: 1));
        await extended.Extend(InDays(3));
        await ListOf(user).End(revoked.GetPrimaryKey());
        await revoked.Extend(InDays(3));
        fixture.Clock.Advance(TimeSpan.FromDays(2));

        await Begun(user);

        (await ListOf(user).GetCount()).Should().Be(2, "the extended session and the new one");
        (await lapsed.GetActiveUser()).Should().BeNull();
        (await extended.GetActiveUser()).Should().Be(user);
        (await revoked.GetActiveUser()).Should().BeNull("extending cannot bring an ended session back");
    }
}
