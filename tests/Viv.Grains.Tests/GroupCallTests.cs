using Viv.Calls;
using Viv.Contacts;
using Viv.Realtime;

namespace Viv.Grains.Tests;

/// <summary>Calls that grow past two: invitations, the mesh's negotiation roles, leaving, and who may never meet in a call.</summary>
public sealed class GroupCallTests(ClusterFixture fixture)
{
    private static readonly CallSignal Offer = new(new SessionDescription("offer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"), null);

    /// <summary>Online members who are all contacts of the first (the host).</summary>
    private async Task<Member[]> Friends(int count)
    {
        var people = new Member[count];
        for (var i = 0; i < count; i++)
        {
            people[i] = await Member.Register(fixture.Client, $"Person {(char)('A' + i)}");
            await people[i].Connect();
            if (i > 0)
            {
                await people[0].BecomeContacts(people[i]);
            }
        }
        return people;
    }

    /// <summary>A call from the first ringing the second. It rings for the fixture's six seconds: set up contacts before.</summary>
    private async Task<ICallRoomGrain> Ring(Member[] people)
    {
        var room = fixture.Client.GetGrain<ICallRoomGrain>(Guid.NewGuid());
        (await room.Start(people[0].End(), people[1].Id, CallKind.Video)).Should().Be(CallError.None);
        return room;
    }

    /// <summary><see cref="Friends"/> and a call between the host and the second.</summary>
    private async Task<(ICallRoomGrain Room, Member[] People)> CallWithFriends(int count)
    {
        var people = await Friends(count);
        var room = await Ring(people);
        (await room.Answer(people[1].End(), true)).Should().Be(CallError.None);
        return (room, people);
    }

    /// <summary>Everything <paramref name="listener"/> was told that names <paramref name="other"/>.</summary>
    private static async Task<IEnumerable<Realtime.ClientEvent>> HeardOf(Member listener, Member other) =>
        (await listener.Relay.AfterQuietPeriod(listener.ConnectionId)).Where(e => e switch
        {
            ParticipantInvited p => p.Invitee.Id == other.Id,
            ParticipantJoined p => p.Peer.Profile.Id == other.Id,
            CallConnected c => c.Peers.Any(p => p.Profile.Id == other.Id),
            InvitationClosed c => c.UserId == other.Id,
            ParticipantLeft l => l.UserId == other.Id,
            CallSignalled s => s.From == other.Id,
            _ => false,
        });

    private static async Task Join(ICallRoomGrain room, Member inviter, Member invitee)
    {
        (await room.Invite(inviter.Id, invitee.Id)).Should().Be(CallError.None);
        (await room.Answer(invitee.End(), true)).Should().Be(CallError.None);
    }

    [Fact]
    public async Task An_invited_contact_joins_polite_toward_everyone_already_there_and_signals_reach_one_participant()
    {
        var (room, people) = await CallWithFriends(3);
        var (a, b, c) = (people[0], people[1], people[2]);

        (await room.Invite(a.Id, c.Id)).Should().Be(CallError.None);
        var ringing = await c.Relay.WaitFor<IncomingCall>(c.ConnectionId, _ => true);
        (await b.Relay.WaitFor<ParticipantInvited>(b.ConnectionId, _ => true)).Invitee.Id.Should().Be(c.Id);
        (await room.Answer(c.End(), true)).Should().Be(CallError.None);
        var connected = await c.Relay.WaitFor<CallConnected>(c.ConnectionId, _ => true);
        var toA = await a.Relay.WaitFor<ParticipantJoined>(a.ConnectionId, j => j.Peer.Profile.Id == c.Id);
        var toB = await b.Relay.WaitFor<ParticipantJoined>(b.ConnectionId, j => j.Peer.Profile.Id == c.Id);
        (await room.Signal(c.Id, c.ConnectionId, b.Id, Offer)).Should().Be(CallError.None);
        var atB = await b.Relay.WaitFor<CallSignalled>(b.ConnectionId, _ => true);

        (ringing.Caller.Id, ringing.Others.Single().Id).Should().Be((a.Id, b.Id));
        connected.Peers.Select(p => (p.Profile.Id, p.Polite)).Should().BeEquivalentTo([(a.Id, true), (b.Id, true)]);
        (toA.Peer.Polite, toB.Peer.Polite).Should().Be((false, false));
        atB.From.Should().Be(c.Id);
        (await a.Relay.AfterQuietPeriod(a.ConnectionId)).OfType<CallSignalled>().Should().BeEmpty("a signal goes to one participant only");
        (await c.Presence.GetPresence()).Presence.Should().Be(Presence.InCall);
    }

    [Fact]
    public async Task A_participant_who_leaves_disappears_for_the_others_and_the_call_ends_when_one_is_left()
    {
        var (room, people) = await CallWithFriends(3);
        var (a, b, c) = (people[0], people[1], people[2]);
        await Join(room, a, c);

        (await room.HangUp(c.Id)).Should().Be(CallError.None);
        (await a.Relay.WaitFor<ParticipantLeft>(a.ConnectionId, _ => true)).UserId.Should().Be(c.Id);
        (await b.Relay.WaitFor<ParticipantLeft>(b.ConnectionId, _ => true)).UserId.Should().Be(c.Id);
        (await room.Signal(a.Id, a.ConnectionId, b.Id, Offer)).Should().Be(CallError.None, "the call goes on for two");
        (await room.Signal(a.Id, a.ConnectionId, c.Id, Offer)).Should().Be(CallError.NotAParticipant);
        (await c.Presence.GetCall()).Should().BeNull();

        (await room.HangUp(b.Id)).Should().Be(CallError.None);
        (await a.Relay.WaitFor<CallEnded>(a.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Completed);
        (await a.Presence.GetCall()).Should().BeNull();
        var history = fixture.Client.GetGrain<ICallHistoryGrain>(a.Id);
        await Eventually.True(async () => (await history.GetRecent(1)).Count == 1, "the host's record");
        (await history.GetRecent(1)).Single().Others.Should().BeEquivalentTo([b.Id, c.Id]);
    }

    [Fact]
    public async Task Inviting_a_stranger_someone_already_there_or_into_an_ended_call_is_refused_and_rings_nobody()
    {
        var (room, people) = await CallWithFriends(3);
        var (a, b, c) = (people[0], people[1], people[2]);
        var stranger = await Member.Register(fixture.Client);
        await stranger.Connect();

        (await room.Invite(a.Id, stranger.Id)).Should().Be(CallError.Unavailable);
        (await room.Invite(b.Id, c.Id)).Should().Be(CallError.Unavailable, "C is the host's contact, not B's");
        (await room.Invite(a.Id, b.Id)).Should().Be(CallError.AlreadyParticipant);
        (await room.Invite(a.Id, a.Id)).Should().Be(CallError.AlreadyParticipant);
        (await room.Invite(c.Id, a.Id)).Should().Be(CallError.NotInCall, "C is not in the call");
        (await room.Invite(a.Id, c.Id)).Should().Be(CallError.None);
        (await room.Invite(a.Id, c.Id)).Should().Be(CallError.AlreadyParticipant, "already ringing");
        (await room.Answer(stranger.End(), true)).Should().Be(CallError.NotInCall, "answering an invitation nobody sent");
        await room.HangUp(b.Id);

        (await room.Invite(a.Id, c.Id)).Should().Be(CallError.CallEnded);
        (await c.Relay.WaitFor<CallEnded>(c.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Missed, "the ringing stops when the call ends");
        (await stranger.Relay.AfterQuietPeriod(stranger.ConnectionId)).OfType<IncomingCall>().Should().BeEmpty();
    }

    [Fact]
    public async Task Nobody_is_rung_into_a_call_with_someone_they_blocked_or_who_blocked_them()
    {
        var (room, people) = await CallWithFriends(4);
        var (a, b, blockedByB, blockerOfB) = (people[0], people[1], people[2], people[3]);
        await b.BecomeContacts(blockedByB);
        await b.Do(ContactAction.Block, blockedByB);
        await b.BecomeContacts(blockerOfB);
        await blockerOfB.Do(ContactAction.Block, b);

        var refusedBlocked = await room.Invite(a.Id, blockedByB.Id);
        var refusedBlocker = await room.Invite(a.Id, blockerOfB.Id);
        var offline = await Member.Register(fixture.Client);
        await a.BecomeContacts(offline);
        var refusedOffline = await room.Invite(a.Id, offline.Id);

        (refusedBlocked, refusedBlocker).Should().Be((CallError.Unavailable, CallError.Unavailable));
        refusedOffline.Should().Be(refusedBlocked, "a block answers exactly as an offline contact does");
        (await blockedByB.Relay.AfterQuietPeriod(blockedByB.ConnectionId)).OfType<IncomingCall>().Should().BeEmpty();
        (await blockerOfB.Relay.AfterQuietPeriod(blockerOfB.ConnectionId)).OfType<IncomingCall>().Should().BeEmpty();
    }

    [Fact]
    public async Task Nobody_is_rung_into_a_call_beside_someone_still_ringing_whom_they_blocked_or_who_blocked_them()
    {
        var people = await Friends(4);
        var (a, b, blockerOfB, blockedByB) = (people[0], people[1], people[2], people[3]);
        await b.BecomeContacts(blockerOfB);
        await blockerOfB.Do(ContactAction.Block, b);
        await b.BecomeContacts(blockedByB);
        await b.Do(ContactAction.Block, blockedByB);
        await Eventually.True(async () => (await blockedByB.ContactList.GetBlockedEitherWay()).Contains(b.Id), "until the blocked side's contact list heard it");
        var offline = await Member.Register(fixture.Client);
        await a.BecomeContacts(offline);
        var room = await Ring(people);

        var refusedBlocker = await room.Invite(a.Id, blockerOfB.Id);
        var refusedBlocked = await room.Invite(a.Id, blockedByB.Id);
        var refusedOffline = await room.Invite(a.Id, offline.Id);
        (await room.Answer(b.End(), true)).Should().Be(CallError.None);
        var answeredAnyway = await room.Answer(blockerOfB.End(), true);

        (refusedBlocker, refusedBlocked).Should().Be((CallError.Unavailable, CallError.Unavailable), "B was still ringing");
        refusedOffline.Should().Be(refusedBlocker, "a block answers exactly as an offline contact does");
        answeredAnyway.Should().Be(CallError.NotInCall, "they were never rung");
        (await room.Signal(b.Id, b.ConnectionId, blockerOfB.Id, Offer)).Should().Be(CallError.NotAParticipant);
        (await b.Relay.WaitFor<CallConnected>(b.ConnectionId, _ => true)).Peers.Select(p => p.Profile.Id).Should().Equal(a.Id);
        foreach (var refused in new[] { blockerOfB, blockedByB })
        {
            (await refused.Relay.AfterQuietPeriod(refused.ConnectionId)).OfType<IncomingCall>().Should().BeEmpty();
            (await refused.Presence.GetCall()).Should().BeNull();
            (await fixture.Client.GetGrain<ICallHistoryGrain>(refused.Id).GetRecent(10)).Should().BeEmpty("as for the offline contact, no missed call");
            (await HeardOf(a, refused)).Should().BeEmpty();
            (await HeardOf(b, refused)).Should().BeEmpty();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_two_rung_at_once_who_then_block_one_another_the_first_to_answer_comes_in_and_the_others_ringing_ends_as_unanswered(bool blockerFirst)
    {
        var people = await Friends(5);
        var (a, blocker, blocked, caller, silent) = (people[0], people[1], people[2], people[3], people[4]);
        await blocker.BecomeContacts(blocked);
        await caller.BecomeContacts(silent);
        var room = await Ring(people);
        (await room.Invite(a.Id, blocked.Id)).Should().Be(CallError.None);
        await blocker.Do(ContactAction.Block, blocked);
        await Eventually.True(async () => (await blocked.ContactList.GetBlockedEitherWay()).Contains(blocker.Id), "until the blocked side's contact list heard it");
        var (first, second) = blockerFirst ? (blocker, blocked) : (blocked, blocker);

        (await room.Answer(first.End(), true)).Should().Be(CallError.None);
        (await room.Answer(second.End(), true)).Should().Be(CallError.NotInCall, "their ringing ended as the first came in");
        var rungOut = await second.Relay.WaitFor<CallEnded>(second.ConnectionId, _ => true);
        await fixture.Client.GetGrain<ICallRoomGrain>(Guid.NewGuid()).Start(caller.End(), silent.Id, CallKind.Video);
        var timedOut = await silent.Relay.WaitFor<CallEnded>(silent.ConnectionId, _ => true);

        (rungOut.Outcome, rungOut.Reason).Should().Be((timedOut.Outcome, timedOut.Reason), "it reads exactly as ringing unanswered");
        (await second.Presence.GetCall()).Should().BeNull();
        (await room.Signal(first.Id, first.ConnectionId, second.Id, Offer)).Should().Be(CallError.NotAParticipant);
        (await a.Relay.WaitFor<InvitationClosed>(a.ConnectionId, i => i.UserId == second.Id)).Outcome.Should().Be(CallOutcome.Missed);
        (await HeardOf(first, second)).Select(e => e.GetType()).Should().Equal([typeof(InvitationClosed)], "only that an invitation went unanswered");
        (await second.Relay.AfterQuietPeriod(second.ConnectionId)).OfType<CallConnected>().Should().BeEmpty();
    }

    [Fact]
    public async Task Someone_rung_into_my_call_who_blocked_one_of_us_afterwards_is_unavailable_when_answering_and_nothing_changes()
    {
        var (room, people) = await CallWithFriends(3);
        var (a, b, late) = (people[0], people[1], people[2]);
        await b.BecomeContacts(late);
        var offlineContact = await Member.Register(fixture.Client);
        await late.BecomeContacts(offlineContact);
        (await room.Invite(a.Id, late.Id)).Should().Be(CallError.None);

        await late.Do(ContactAction.Block, b);
        var refused = await room.Answer(late.End(), true);
        var calledOffline = await fixture.Client.GetGrain<ICallRoomGrain>(Guid.NewGuid()).Start(late.End(), offlineContact.Id, CallKind.Video);

        refused.Should().Be(CallError.Unavailable);
        refused.Should().Be(calledOffline, "refused as calling an offline contact is");
        (await late.Presence.GetCall()).Should().BeNull();
        (await a.Relay.WaitFor<InvitationClosed>(a.ConnectionId, i => i.UserId == late.Id)).Outcome.Should().Be(CallOutcome.Missed,
            "a refused answer changes nothing: the invitation rings on unanswered until it times out");
        (await HeardOf(b, late)).Select(e => e.GetType()).Should().Equal([typeof(ParticipantInvited), typeof(InvitationClosed)]);
    }

    [Fact]
    public async Task Blocking_someone_in_my_call_takes_me_out_of_it_as_hanging_up_would_and_blocking_someone_rung_into_it_rings_them_out()
    {
        var (room, people) = await CallWithFriends(4);
        var (a, b, c, ringing) = (people[0], people[1], people[2], people[3]);
        await b.BecomeContacts(c);
        await c.BecomeContacts(ringing);
        var elsewhere = await Member.Register(fixture.Client);
        await c.BecomeContacts(elsewhere);
        await Join(room, a, c);
        (await room.Invite(a.Id, ringing.Id)).Should().Be(CallError.None);

        await c.Do(ContactAction.Block, elsewhere);
        await c.Do(ContactAction.Block, ringing);
        (await room.Answer(ringing.End(), true)).Should().Be(CallError.NotInCall, "their ringing ended as if unanswered");
        (await ringing.Relay.WaitFor<CallEnded>(ringing.ConnectionId, _ => true)).Should().Match<CallEnded>(e => e.Outcome == CallOutcome.Missed && e.Reason == CallEndReason.NoAnswer);
        (await room.Signal(c.Id, c.ConnectionId, a.Id, Offer)).Should().Be(CallError.None, "the blocker stays: the one they blocked was not in yet");
        await c.Do(ContactAction.Block, b);

        var left = await b.Relay.WaitFor<ParticipantLeft>(b.ConnectionId, l => l.UserId == c.Id);
        (await a.Relay.WaitFor<ParticipantLeft>(a.ConnectionId, l => l.UserId == c.Id)).Reason.Should().Be(left.Reason);
        left.Reason.Should().Be(CallEndReason.HungUp, "to the others it reads as hanging up");
        (await c.Relay.WaitFor<CallEnded>(c.ConnectionId, _ => true)).Outcome.Should().Be(CallOutcome.Completed);
        (await c.Presence.GetCall()).Should().BeNull();
        (await room.Signal(b.Id, b.ConnectionId, c.Id, Offer)).Should().Be(CallError.NotAParticipant);
        (await room.Signal(a.Id, a.ConnectionId, b.Id, Offer)).Should().Be(CallError.None, "the call goes on for the others");
    }

    [Fact]
    public async Task A_full_call_refuses_the_next_invitation_counting_those_still_ringing()
    {
        var (room, people) = await CallWithFriends(5);
        var a = people[0];

        (await room.Invite(a.Id, people[2].Id)).Should().Be(CallError.None);
        (await room.Invite(a.Id, people[3].Id)).Should().Be(CallError.None);
        var refused = await room.Invite(a.Id, people[4].Id);

        refused.Should().Be(CallError.CallFull, "the fixture allows four participants");
        (await people[4].Relay.AfterQuietPeriod(people[4].ConnectionId)).OfType<IncomingCall>().Should().BeEmpty();
    }

    [Fact]
    public async Task A_declined_or_unanswered_invitation_leaves_the_call_running_and_tells_the_participants()
    {
        var (room, people) = await CallWithFriends(4);
        var (a, b, decliner, silent) = (people[0], people[1], people[2], people[3]);
        await room.Invite(a.Id, decliner.Id);
        await room.Invite(a.Id, silent.Id);

        (await room.Answer(decliner.End(), false)).Should().Be(CallError.None);
        var declined = await b.Relay.WaitFor<InvitationClosed>(b.ConnectionId, i => i.UserId == decliner.Id);
        var missed = await b.Relay.WaitFor<InvitationClosed>(b.ConnectionId, i => i.UserId == silent.Id);

        (declined.Outcome, missed.Outcome).Should().Be((CallOutcome.Rejected, CallOutcome.Missed));
        (await room.Signal(a.Id, a.ConnectionId, b.Id, Offer)).Should().Be(CallError.None);
        (await silent.Relay.WaitFor<MissedCall>(silent.ConnectionId, _ => true)).Unseen.Should().Be(1);
        var silentHistory = fixture.Client.GetGrain<ICallHistoryGrain>(silent.Id);
        (await silentHistory.GetRecent(1)).Single().Others.Should().Equal(a.Id, b.Id);
    }

    [Fact]
    public async Task A_participant_whose_connection_is_gone_for_good_leaves_and_the_others_go_on()
    {
        var (room, people) = await CallWithFriends(3);
        var (a, b, c) = (people[0], people[1], people[2]);
        await Join(room, a, c);

        await room.ConnectionLost(c.Id, c.ConnectionId, pageClosed: false);

        var left = await a.Relay.WaitFor<ParticipantLeft>(a.ConnectionId, _ => true);
        left.Should().Match<ParticipantLeft>(l => l.UserId == c.Id && l.Reason == CallEndReason.ConnectionLost);
        (await room.Signal(b.Id, b.ConnectionId, a.Id, Offer)).Should().Be(CallError.None);
        (await room.Rejoin(c.End("too-late"))).Should().Be(CallError.NotInCall);
    }

    [Fact]
    public async Task Every_node_holding_a_tab_hears_which_tabs_take_part_and_the_node_of_one_let_go_hears_before_the_room_answers()
    {
        var (room, people) = await CallWithFriends(3);
        var (a, b, c) = (people[0], people[1], people[2]);
        var callId = room.GetPrimaryKey();
        await Join(room, a, c);
        var everyone = new Dictionary<Guid, string> { [a.Id] = a.ConnectionId, [b.Id] = b.ConnectionId, [c.Id] = c.ConnectionId };
        foreach (var person in people)
        {
            person.Relay.TabsIn(callId).Should().BeEquivalentTo(everyone, "each person's tab is on a node of its own here");
        }

        await room.ConnectionLost(b.Id, b.ConnectionId, pageClosed: false);
        (await room.Rejoin(b.End("b-after-reconnect"))).Should().Be(CallError.None);
        a.Relay.TabsIn(callId)[b.Id].Should().Be("b-after-reconnect");
        (await room.HangUp(c.Id)).Should().Be(CallError.None);
        var tabsAfterC = new Dictionary<Guid, string> { [a.Id] = a.ConnectionId, [b.Id] = "b-after-reconnect" };
        c.Relay.TabsIn(callId).Should().BeEmpty("the room answered once the node of the tab it let go had heard");
        a.Relay.TabsIn(callId).Should().BeEquivalentTo(tabsAfterC);
        b.Relay.TabsIn(callId).Should().BeEquivalentTo(tabsAfterC);
        (await room.HangUp(a.Id)).Should().Be(CallError.None);

        a.Relay.TabsIn(callId).Should().BeEmpty();
        b.Relay.TabsIn(callId).Should().BeEmpty("the call ended with one left: no node relays between its tabs");
    }

    [Fact]
    public async Task A_node_that_never_answers_is_taken_for_dead_and_the_call_goes_on_without_it()
    {
        var (room, people) = await CallWithFriends(3);
        var (a, b, c) = (people[0], people[1], people[2]);
        var callId = room.GetPrimaryKey();
        c.Relay.Unresponsive = true;
        await Join(room, a, c);

        (await room.HangUp(b.Id)).Should().Be(CallError.None);
        (await room.Signal(a.Id, a.ConnectionId, c.Id, Offer)).Should().Be(CallError.None);

        a.Relay.TabsIn(callId).Should().BeEquivalentTo(new Dictionary<Guid, string> { [a.Id] = a.ConnectionId, [c.Id] = c.ConnectionId });
        b.Relay.TabsIn(callId).Should().BeEmpty();
        (await a.Relay.WaitFor<ParticipantLeft>(a.ConnectionId, l => l.UserId == b.Id)).Reason.Should().Be(CallEndReason.HungUp);
    }
}
