using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;
using Viv.Calls;
using Viv.Contacts;
using Viv.Realtime;

namespace Viv.Grains.Tests;

/// <summary>
/// A call's room is lost with its silo: a connected call comes back on the other silo from what it kept,
/// and a call that only rang leaves nobody in it. Each test has a two-silo cluster of its own.
/// </summary>
public sealed class SiloLossTests(ClusterFixture fixture) : IAsyncLifetime
{
    private static readonly CallSignal Offer = new(new SessionDescription("offer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"), null);
    private static readonly string CallerKey = System.Buffers.Text.Base64Url.EncodeToString(Enumerable.Repeat((byte)1, KeyEncoding.PublicKeyBytes).ToArray());
    private readonly string _data = Directory.CreateTempSubdirectory("viv-silo-loss-").FullName;
    private InProcessTestCluster _cluster = null!;

    private IClusterClient Client => _cluster.Client;

    public async ValueTask InitializeAsync()
    {
        _cluster = fixture.Build(_data);
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>Two online contacts, and a call from one to the other ringing.</summary>
    private async Task<(Member Caller, Member Callee, ICallRoomGrain Room)> RingingCall()
    {
        var (caller, callee) = (await Member.Register(Client, "Caller"), await Member.Register(Client, "Callee"));
        await caller.BecomeContacts(callee);
        await caller.Connect();
        await callee.Connect();
        var room = Client.GetGrain<ICallRoomGrain>(Guid.NewGuid());
        (await room.Start(caller.End(), callee.Id, CallKind.Video)).Should().Be(CallError.None);
        return (caller, callee, room);
    }

    /// <summary>Two contacts in a connected call, the caller's tab having announced its identity key.</summary>
    private async Task<(Member Caller, Member Callee, ICallRoomGrain Room)> ConnectedCall()
    {
        var (caller, callee, room) = await RingingCall();
        (await room.Answer(callee.End(), accept: true)).Should().Be(CallError.None);
        (await room.AnnounceIdentity(caller.Id, caller.ConnectionId, CallerKey)).Should().Be(CallError.None);
        await callee.Relay.WaitFor<IdentityAnnounced>(callee.ConnectionId, _ => true);
        return (caller, callee, room);
    }

    /// <summary>Kills the silo holding the grain's activation, as kill -9 would: nothing of it runs on.</summary>
    private async Task KillSiloOf(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        await _cluster.KillSiloAsync(_cluster.Silos.Single(silo => silo.SiloAddress.Equals(address)));
    }

    /// <summary>
    /// What a tab does next, sent until the cluster has declared the dead silo dead: before that a call
    /// to a grain the dead silo held is rejected. The answer is the room's, once one answers.
    /// </summary>
    private static async Task<CallError> OnceTheClusterHealed(Func<Task<CallError>> action)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task<bool> IsKept(ICallRoomGrain room)
    {
        var state = new GrainState<CallRoomState>();
        var storage = _cluster.GetSiloServiceProvider(_cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        await storage.ReadStateAsync("room", room.GetGrainId(), state);
        return state.RecordExists;
    }

    [Fact]
    public async Task A_connected_calls_room_comes_back_on_the_other_silo_when_its_silo_dies_and_the_call_goes_on_to_its_end()
    {
        var (caller, callee, room) = await ConnectedCall();
        (await IsKept(room)).Should().BeTrue("a connected call is kept");

        await KillSiloOf(room);
        // The web nodes renew their tabs' leases with presence, which rebuilds a presence grain lost with the silo.
        await OnceTheClusterHealed(async () => { await caller.Connect(); await callee.Connect(); return CallError.None; });
        var signalled = await OnceTheClusterHealed(() => room.Signal(caller.Id, caller.ConnectionId, callee.Id, Offer));

        signalled.Should().Be(CallError.None, "the room came back for the next signal");
        (await callee.Relay.WaitFor<CallSignalled>(callee.ConnectionId, s => s.Signal == Offer)).From.Should().Be(caller.Id);
        // The room puts them back on their presence in a turn of its own after it comes back (a grain
        // cannot call out while it activates), which may come after the signal's.
        foreach (var member in new[] { caller, callee })
        {
            await Eventually.True(async () => (await member.Presence.GetPresence()).Presence == Presence.InCall, "both are in the call on their presence again");
        }

        (await room.Rejoin(callee.End("callee-second-connection"))).Should().Be(CallError.None, "a tab that reconnects rejoins the room that came back");
        (await callee.Relay.WaitFor<IdentityAnnounced>("callee-second-connection", _ => true)).PublicKey.Should().Be(CallerKey, "the identity keys came back with it");
        (await room.Signal(callee.Id, callee.ConnectionId, caller.Id, Offer)).Should().Be(CallError.NotInCall, "the tab it replaced no longer takes part");

        (await room.HangUp(callee.Id)).Should().Be(CallError.None);
        (await caller.Relay.WaitFor<CallEnded>(caller.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Completed);
        var history = Client.GetGrain<ICallHistoryGrain>(caller.Id);
        await Eventually.True(async () => (await history.GetRecent(10)).Count == 1, "waiting for the caller's record");
        (await history.GetRecent(10)).Single().Should().Match<CallRecord>(r => r.Outgoing && r.Outcome == CallOutcome.Completed && r.AnsweredAt != null);
        (await IsKept(room)).Should().BeFalse("an ended call is no longer kept");
        (await caller.Presence.GetPresence()).Presence.Should().Be(Presence.Online);
        (await Client.GetGrain<ICallRoomGrain>(Guid.NewGuid()).Start(caller.End(), callee.Id, CallKind.Voice)).Should().Be(CallError.None, "both are free to call again");
    }

    [Fact]
    public async Task A_room_that_came_back_lets_go_of_a_participant_whose_tab_closed_while_it_was_gone()
    {
        var (caller, callee, room) = await ConnectedCall();

        await KillSiloOf(room);
        // The callee closed the page while the room was gone: the web node tells presence, and its call to the room fails.
        await OnceTheClusterHealed(async () => { await caller.Connect(); await callee.Disconnect(); return CallError.None; });
        (await OnceTheClusterHealed(() => room.Signal(caller.Id, caller.ConnectionId, callee.Id, Offer))).Should().Be(CallError.None);

        (await caller.Relay.WaitFor<ParticipantLeft>(caller.ConnectionId, left => left.UserId == callee.Id)).Reason.Should().Be(CallEndReason.ConnectionLost);
        (await caller.Relay.WaitFor<CallEnded>(caller.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Completed, "a call of two ends when one leaves");
        (await callee.Presence.GetCall()).Should().BeNull();
        (await room.Rejoin(callee.End())).Should().Be(CallError.CallEnded);
    }

    [Fact]
    public async Task A_call_that_only_rang_when_its_room_was_lost_leaves_nobody_in_a_call()
    {
        var (caller, callee, rang) = await RingingCall();

        // The room goes as it would with its silo while the caller's presence lives on, which could not
        // be arranged by killing a silo: the cluster places both beside the test's gateway.
        await _cluster.DeactivateAsync(rang);
        var next = Client.GetGrain<ICallRoomGrain>(Guid.NewGuid());

        (await next.Start(caller.End(), callee.Id, CallKind.Video)).Should().Be(CallError.None, "the caller is no longer in the call that was lost");
        await callee.Relay.WaitFor<IncomingCall>(callee.ConnectionId, ringing => ringing.CallId == next.GetPrimaryKey());
        (await caller.Presence.GetCall()).Should().Be(next.GetPrimaryKey());
        (await rang.HangUp(caller.Id)).Should().Be(CallError.CallEnded, "the call lost while it rang is over");
    }
}
