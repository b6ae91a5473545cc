using Viv.Calls;
using Viv.Roster;

namespace Viv.Grains.Tests;

/// <summary>Calls that grow past two: invitations, the mesh's negotiation roles, leaving, and who may never meet in a call.</summary>
public sealed class GroupCallTests(ClusterFixture fixture)
{
    private static readonly CallSignal Offer = new(new SessionDescription("offer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"), null);

    /// <summary>Online members who are all contacts of the first (the host), and a call between the host and the second.</summary>
    private async Task<(ICallRoomGrain Room, Member[] People)> CallWithFriends(int count)
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
        var room = fixture.Client.GetGrain<ICallRoomGrain>(Guid.NewGuid());
        (await room.Start(people[0].End(), people[1].Id, CallKind.Video)).Should().Be(CallError.None);
        (await room.Answer(people[1].End(), true)).Should().Be(CallError.None);
        return (room, people);
    }

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
        await b.Do(RelationshipAction.Block, blockedByB);
        await b.BecomeContacts(blockerOfB);
        await blockerOfB.Do(RelationshipAction.Block, b);

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
        left.Should().Match<ParticipantLeft>(l => l.UserId == c.Id && l.Reason == "connection lost");
        (await room.Signal(b.Id, b.ConnectionId, a.Id, Offer)).Should().Be(CallError.None);
        (await room.Rejoin(c.End("too-late"))).Should().Be(CallError.NotInCall);
    }
}
