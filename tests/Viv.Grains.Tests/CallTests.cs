using Viv.Calls;
using Viv.Contacts;
using Viv.Realtime;

namespace Viv.Grains.Tests;

public sealed class CallTests(ClusterFixture fixture)
{
    private static readonly CallSignal Offer = new(new SessionDescription("offer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"), null);

    private async Task<(Member Caller, Member Callee)> OnlineContacts()
    {
        var (caller, callee) = (await Member.Register(fixture.Client, "Caller"), await Member.Register(fixture.Client, "Callee"));
        await caller.Do(ContactAction.Request, callee);
        await callee.Do(ContactAction.Accept, caller);
        await caller.Connect();
        await callee.Connect();
        return (caller, callee);
    }

    private ICallRoomGrain NewRoom() => fixture.Client.GetGrain<ICallRoomGrain>(Guid.NewGuid());

    private async Task<IReadOnlyList<CallRecord>> History(Member member, int count = 1)
    {
        var history = fixture.Client.GetGrain<ICallHistoryGrain>(member.Id);
        await Eventually.True(async () => (await history.GetRecent(10)).Count >= count, "waiting for the call record");
        return await history.GetRecent(10);
    }

    [Fact]
    public async Task An_answered_call_connects_both_ends_with_opposite_roles_and_relays_signals_between_them()
    {
        var (caller, callee) = await OnlineContacts();
        var room = NewRoom();

        (await room.Start(caller.End(), callee.Id, CallKind.Video)).Should().Be(CallError.None);
        var ringing = await callee.Relay.WaitFor<IncomingCall>(callee.ConnectionId, _ => true);
        (await room.Answer(callee.End(), accept: true)).Should().Be(CallError.None);
        var callerSide = await caller.Relay.WaitFor<ParticipantJoined>(caller.ConnectionId, _ => true);
        var calleeSide = await callee.Relay.WaitFor<CallConnected>(callee.ConnectionId, _ => true);
        (await room.Signal(caller.Id, caller.ConnectionId, callee.Id, Offer)).Should().Be(CallError.None);
        var relayed = await callee.Relay.WaitFor<CallSignalled>(callee.ConnectionId, _ => true);

        ringing.Caller.FullName.Should().Be("Caller");
        ringing.Others.Should().BeEmpty();
        (callerSide.Peer.Polite, calleeSide.Peers.Single().Polite).Should().Be((false, true));
        callerSide.Peer.Profile.Id.Should().Be(callee.Id);
        calleeSide.Peers.Single().Profile.Id.Should().Be(caller.Id);
        (relayed.From, relayed.Signal).Should().Be((caller.Id, Offer));
        (await caller.Presence.GetPresence()).Presence.Should().Be(Presence.InCall);
        (await callee.Presence.GetPresence()).Presence.Should().Be(Presence.InCall);

        (await room.HangUp(callee.Id)).Should().Be(CallError.None);
        (await caller.Relay.WaitFor<CallEnded>(caller.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Completed);
        (await History(caller)).Single().Should().Match<CallRecord>(r => r.Outgoing && r.Outcome == CallOutcome.Completed && r.AnsweredAt != null);
        (await History(callee)).Single().Should().Match<CallRecord>(r => !r.Outgoing && r.Outcome == CallOutcome.Completed);
        (await caller.Presence.GetPresence()).Presence.Should().Be(Presence.Online);
        (await room.HangUp(caller.Id)).Should().Be(CallError.CallEnded, "hanging up twice");
    }

    [Fact]
    public async Task Calling_someone_who_is_not_a_mutual_contact_or_offline_is_unavailable()
    {
        var (caller, stranger) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        await caller.Connect();
        await stranger.Connect();
        var (blocker, blocked) = await OnlineContacts();
        await blocker.Do(ContactAction.Block, blocked);
        var (a, offline) = await OnlineContacts();
        await offline.Disconnect();

        (await NewRoom().Start(caller.End(), stranger.Id, CallKind.Video)).Should().Be(CallError.Unavailable);
        (await NewRoom().Start(blocked.End(), blocker.Id, CallKind.Video)).Should().Be(CallError.Unavailable);
        (await NewRoom().Start(a.End(), offline.Id, CallKind.Video)).Should().Be(CallError.Unavailable);
        (await NewRoom().Start(caller.End(), caller.Id, CallKind.Video)).Should().Be(CallError.CallingYourself);
        (await stranger.Relay.AfterQuietPeriod(stranger.ConnectionId)).OfType<IncomingCall>().Should().BeEmpty();
        (await blocker.Relay.AfterQuietPeriod(blocker.ConnectionId)).OfType<IncomingCall>().Should().BeEmpty();
    }

    [Fact]
    public async Task A_callee_in_another_call_is_busy_and_gets_a_missed_call()
    {
        var (caller, callee) = await OnlineContacts();
        var (other, _) = (await Member.Register(fixture.Client), 0);
        await other.Do(ContactAction.Request, callee);
        await callee.Do(ContactAction.Accept, other);
        await other.Connect();
        var first = NewRoom();
        await first.Start(other.End(), callee.Id, CallKind.Voice);
        await first.Answer(callee.End(), true);

        (await NewRoom().Start(caller.End(), callee.Id, CallKind.Video)).Should().Be(CallError.Busy);

        (await History(caller)).Single().Outcome.Should().Be(CallOutcome.Busy);
        (await History(callee)).Should().Contain(r => r.Outcome == CallOutcome.Missed && !r.Outgoing);
        (await fixture.Client.GetGrain<ICallHistoryGrain>(callee.Id).GetUnseenMissed()).Should().Be(1);
        (await callee.Relay.WaitFor<MissedCall>(callee.ConnectionId, _ => true)).Unseen.Should().Be(1);
        (await caller.Presence.GetCall()).Should().BeNull();
    }

    [Fact]
    public async Task An_unanswered_call_ends_as_missed_after_the_ring_timeout()
    {
        var (caller, callee) = await OnlineContacts();
        var room = NewRoom();
        await room.Start(caller.End(), callee.Id, CallKind.Video);

        var ended = await caller.Relay.WaitFor<CallEnded>(caller.ConnectionId, _ => true);

        ended.Outcome.Should().Be(CallOutcome.Missed);
        (await callee.Relay.WaitFor<CallEnded>(callee.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Missed);
        (await room.Answer(callee.End(), true)).Should().Be(CallError.CallEnded, "accepting a call that already ended");
        (await History(callee)).Single().Outcome.Should().Be(CallOutcome.Missed);
    }

    [Fact]
    public async Task A_rejected_call_and_a_cancelled_call_are_recorded_as_such()
    {
        var (caller, callee) = await OnlineContacts();
        var rejected = NewRoom();
        await rejected.Start(caller.End(), callee.Id, CallKind.Video);
        await rejected.Answer(callee.End(), accept: false);
        var cancelled = NewRoom();
        await cancelled.Start(caller.End(), callee.Id, CallKind.Video);
        await cancelled.HangUp(caller.Id);

        var history = await History(caller, 2);
        history.Select(r => r.Outcome).Should().Equal(CallOutcome.Cancelled, CallOutcome.Rejected);
        (await History(callee, 2)).Select(r => r.Outcome).Should().Equal(CallOutcome.Missed, CallOutcome.Rejected);
    }

    [Fact]
    public async Task Only_the_answering_tab_joins_and_a_second_accept_is_refused()
    {
        var (caller, callee) = await OnlineContacts();
        var room = NewRoom();
        await room.Start(caller.End(), callee.Id, CallKind.Video);

        (await room.Answer(callee.End(), true)).Should().Be(CallError.None);
        (await room.Answer(callee.End("other-tab"), true)).Should().Be(CallError.AlreadyAnswered);
        (await room.Signal(callee.Id, "other-tab", caller.Id, Offer)).Should().Be(CallError.NotInCall);
        (await callee.Relay.WaitFor<CallAnsweredElsewhere>(callee.ConnectionId, _ => true)).CallId.Should().Be(room.GetPrimaryKey());
    }

    [Fact]
    public async Task Signals_from_outsiders_and_malformed_signals_are_refused_and_relay_nothing()
    {
        var (caller, callee) = await OnlineContacts();
        var outsider = await Member.Register(fixture.Client);
        var room = NewRoom();
        await room.Start(caller.End(), callee.Id, CallKind.Video);
        await room.Answer(callee.End(), true);
        var hugeOffer = new CallSignal(new SessionDescription("offer", "v=0\r\n" + new string('a', CallSignal.MaxSdpLength)), null);
        var notACandidate = new CallSignal(null, new IceCandidate("<script>alert(1)</script>", "0", 0, null));
        var both = new CallSignal(Offer.Description, new IceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0, null));
        var neither = new CallSignal(null, null);

        (await room.Signal(outsider.Id, "any", callee.Id, Offer)).Should().Be(CallError.NotInCall);
        (await room.Signal(caller.Id, caller.ConnectionId, callee.Id, hugeOffer)).Should().Be(CallError.InvalidSignal);
        (await room.Signal(caller.Id, caller.ConnectionId, callee.Id, notACandidate)).Should().Be(CallError.InvalidSignal);
        (await room.Signal(caller.Id, caller.ConnectionId, callee.Id, both)).Should().Be(CallError.InvalidSignal);
        (await room.Signal(caller.Id, caller.ConnectionId, callee.Id, neither)).Should().Be(CallError.InvalidSignal);
        (await room.Signal(caller.Id, caller.ConnectionId, outsider.Id, Offer)).Should().Be(CallError.NotAParticipant);
        (await room.Signal(caller.Id, caller.ConnectionId, caller.Id, Offer)).Should().Be(CallError.NotAParticipant);
        (await room.HangUp(outsider.Id)).Should().Be(CallError.NotInCall);
        (await callee.Relay.AfterQuietPeriod(callee.ConnectionId)).OfType<CallSignalled>().Should().BeEmpty();
    }

    [Fact]
    public async Task A_participant_who_reconnects_in_time_stays_in_the_call_and_one_who_does_not_ends_it()
    {
        var (caller, callee) = await OnlineContacts();
        var room = NewRoom();
        await room.Start(caller.End(), callee.Id, CallKind.Video);
        await room.Answer(callee.End(), true);

        await room.ConnectionLost(callee.Id, callee.ConnectionId, pageClosed: false);
        (await room.Rejoin(callee.End("after-reconnect"))).Should().Be(CallError.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await room.Signal(caller.Id, caller.ConnectionId, callee.Id, Offer)).Should().Be(CallError.None);
        (await callee.Relay.WaitFor<CallSignalled>("after-reconnect", _ => true)).Signal.Should().Be(Offer);

        await room.ConnectionLost(callee.Id, "after-reconnect", pageClosed: false);
        (await caller.Relay.WaitFor<CallEnded>(caller.ConnectionId, _ => true)).Reason.Should().Be(CallEndReason.ConnectionLost);
    }

    [Fact]
    public async Task A_page_closed_mid_call_ends_it_at_once()
    {
        var (caller, callee) = await OnlineContacts();
        var room = NewRoom();
        await room.Start(caller.End(), callee.Id, CallKind.Video);
        await room.Answer(callee.End(), true);

        await room.ConnectionLost(callee.Id, callee.ConnectionId, pageClosed: true);

        (await caller.Relay.WaitFor<CallEnded>(caller.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Completed);
    }
}
