using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Accounts;
using Viv.Hosting;
using Viv.Realtime;
using Viv.Contacts;

namespace Viv.Calls;

public sealed class CallRoomGrain(IOptions<CallOptions> options, [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, ICallRoomGrain
{
    private readonly Dictionary<Guid, Participant> _participants = [];
    private readonly Dictionary<Guid, Invitation> _invitations = [];
    private readonly List<Guid> _joined = [];
    private readonly List<Guid> _rung = [];
    private CallPhase _phase = CallPhase.New;
    /// <summary>A meeting's call: entered, not rung into, and open while anyone is in it.</summary>
    private bool _open;
    private CallKind _kind;
    private Guid _caller;
    private DateTimeOffset _startedAt;

    private Guid Id => this.GetPrimaryKey();

    private CallRoom Room => new(_phase, _open, _participants.Keys, _invitations.Keys, options.Value.MaxParticipants);

    private IPresenceGrain Presence(Guid user) => GrainFactory.GetGrain<IPresenceGrain>(user);

    public async Task<CallError> Start(CallEnd caller, Guid callee, CallKind kind)
    {
        if (_phase != CallPhase.New)
        {
            return CallError.CallEnded;
        }
        (_caller, _kind, _startedAt) = (caller.UserId, kind, clock.GetUtcNow());
        if (CallRules.MayRing(Room, caller.UserId, callee, await Reach(caller.UserId, callee)) is not CallError.None and var refused)
        {
            return Finish(refused);
        }
        if (!await Presence(caller.UserId).EnterCall(Id))
        {
            return Finish(CallError.AlreadyInCall);
        }
        _participants[caller.UserId] = new Participant(caller);
        _phase = CallPhase.Ringing;
        if (await Presence(callee).GetCall() is not null)
        {
            _rung.Add(callee);
            await Record(callee, [caller.UserId], CallOutcome.Missed);
            await End(CallOutcome.Busy, CallEndReason.Busy);
            return CallError.Busy;
        }
        await Ring(caller.UserId, callee);
        return CallError.None;
    }

    public async Task<CallError> Invite(Guid inviter, Guid invitee)
    {
        if (CallRules.MayInvite(Room, inviter, invitee) is not CallError.None and var refused)
        {
            return refused;
        }
        if (CallRules.MayRing(Room, inviter, invitee, await Reach(inviter, invitee)) is not CallError.None and var unreachable)
        {
            return unreachable;
        }
        if (await Presence(invitee).GetCall() is not null)
        {
            await Record(invitee, [inviter, .. _participants.Keys.Where(p => p != inviter)], CallOutcome.Missed);
            return CallError.Busy;
        }
        await Ring(inviter, invitee);
        return CallError.None;
    }

    public async Task<CallError> Answer(CallEnd invitee, bool accept)
    {
        if (CallRules.MayAnswer(Room, invitee.UserId) is not CallError.None and var refused)
        {
            return refused;
        }
        if (!accept)
        {
            await CloseInvitation(invitee.UserId, CallOutcome.Rejected, CallEndReason.Rejected);
            return CallError.None;
        }
        var blocked = await BlockedEitherWay(invitee.UserId);
        if (CallRules.MayComeIn(Room, blocked) is not CallError.None and var blockedSinceRung)
        {
            return blockedSinceRung;
        }
        if (!await Presence(invitee.UserId).EnterCall(Id))
        {
            return CallError.AlreadyInCall;
        }
        _invitations.Remove(invitee.UserId, out var invitation);
        invitation!.Ring.Dispose();
        await Presence(invitee.UserId).Deliver(new CallAnsweredElsewhere(Id));
        await Admit(invitee, blocked);
        return CallError.None;
    }

    public async Task<CallError> Enter(CallEnd end, CallKind kind)
    {
        if (_phase == CallPhase.New)
        {
            (_open, _kind, _caller, _startedAt, _phase) = (true, kind, end.UserId, clock.GetUtcNow(), CallPhase.Connected);
        }
        if (CallRules.MayEnter(Room, end.UserId) is not CallError.None and var refused)
        {
            return refused;
        }
        var blocked = await BlockedEitherWay(end.UserId);
        if (CallRules.MayComeIn(Room, blocked) is not CallError.None and var blockedEitherWay)
        {
            return blockedEitherWay;
        }
        if (!await Presence(end.UserId).EnterCall(Id))
        {
            return CallError.AlreadyInCall;
        }
        await Admit(end, blocked);
        return CallError.None;
    }

    /// <summary>
    /// Someone comes in: they connect to everyone already there, politely; everyone there is told.
    /// Anyone still being rung whom they blocked, or who blocked them, can no longer come in: that
    /// ringing ends as if unanswered.
    /// </summary>
    private async Task Admit(CallEnd end, IReadOnlyList<Guid> blocked)
    {
        var now = clock.GetUtcNow();
        _phase = CallPhase.Connected;
        foreach (var waiting in _participants.Values.Where(p => p.ConnectedAt is null))
        {
            waiting.ConnectedAt = now;
        }
        var others = _participants.Values.ToList();
        _participants[end.UserId] = new Participant(end) { ConnectedAt = now };
        _joined.Add(end.UserId);
        var joiner = new CallPeer(await Profile(end.UserId), Polite: false);
        var peers = await Task.WhenAll(others.Select(async p => new CallPeer(await Profile(p.End.UserId), Polite: true)));
        await Tell(end, new CallConnected(Id, _kind, peers));
        await Task.WhenAll(others.Select(p => Tell(p.End, new ParticipantJoined(Id, joiner))));
        foreach (var ringing in _invitations.Keys.Where(blocked.Contains).ToList())
        {
            await RingOut(ringing);
        }
    }

    public async Task<CallError> Signal(Guid userId, string connectionId, Guid to, CallSignal? signal)
    {
        var fromTheirTab = _participants.TryGetValue(userId, out var from) && from.End.ConnectionId == connectionId;
        if (CallRules.MaySignal(Room, userId, fromTheirTab, to, signal) is not CallError.None and var refused)
        {
            return refused;
        }
        await Tell(_participants[to].End, new CallSignalled(Id, userId, signal!));
        return CallError.None;
    }

    public async Task<CallError> HangUp(Guid userId)
    {
        var (refused, departure) = CallRules.HangUp(Room, userId);
        if (refused != CallError.None)
        {
            return refused;
        }
        await (departure switch
        {
            Departure.Decline => CloseInvitation(userId, CallOutcome.Rejected, CallEndReason.Rejected),
            Departure.Cancel => End(CallOutcome.Cancelled, CallEndReason.Cancelled),
            _ => Leave(userId, CallEndReason.HungUp),
        });
        return CallError.None;
    }

    public async Task Block(Guid blocker, Guid blocked)
    {
        if (Room.Over || !_participants.ContainsKey(blocker))
        {
            return;
        }
        if (_invitations.ContainsKey(blocked))
        {
            await RingOut(blocked);
        }
        else if (_participants.ContainsKey(blocked))
        {
            await HangUp(blocker);
        }
    }

    public Task<CallError> Rejoin(CallEnd end)
    {
        if (Room.Over)
        {
            return Task.FromResult(CallError.CallEnded);
        }
        if (!_participants.TryGetValue(end.UserId, out var participant))
        {
            return Task.FromResult(CallError.NotInCall);
        }
        participant.End = end;
        participant.StopGrace();
        return Task.FromResult(CallError.None);
    }

    public async Task ConnectionLost(Guid userId, string connectionId, bool pageClosed)
    {
        if (Room.Over || !_participants.TryGetValue(userId, out var participant) || participant.End.ConnectionId != connectionId)
        {
            return;
        }
        if (pageClosed)
        {
            await HangUp(userId);
        }
        else if (_phase == CallPhase.Connected)
        {
            participant.StopGrace();
            participant.Grace = this.RegisterGrainTimer(() => Leave(userId, CallEndReason.ConnectionLost),
                TimeSpan.FromSeconds(options.Value.ReconnectGraceSeconds), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>What <see cref="CallRules.MayRing"/> needs to know of <paramref name="invitee"/>, from the roster and presence.</summary>
    private async Task<Reach> Reach(Guid inviter, Guid invitee)
    {
        if (invitee == inviter)
        {
            return new Reach(false, false, []);
        }
        var contacts = await GrainFactory.GetGrain<IContactListGrain>(inviter).GetMutualContacts();
        var online = (await Presence(invitee).GetPresence()).Presence != Realtime.Presence.Offline;
        return new Reach(contacts.Contains(invitee), online, await BlockedEitherWay(invitee));
    }

    private Task<IReadOnlyList<Guid>> BlockedEitherWay(Guid user) => GrainFactory.GetGrain<IContactListGrain>(user).GetBlockedEitherWay();

    private async Task Ring(Guid inviter, Guid invitee)
    {
        var others = _participants.Keys.Where(p => p != inviter).ToList();
        var othersProfiles = await Task.WhenAll(others.Select(Profile));
        await Presence(invitee).Deliver(new IncomingCall(Id, await Profile(inviter), _kind, othersProfiles));
        var ring = this.RegisterGrainTimer(() => RingOut(invitee),
            TimeSpan.FromSeconds(options.Value.RingTimeoutSeconds), Timeout.InfiniteTimeSpan);
        _invitations[invitee] = new Invitation([inviter, .. others], ring);
        _rung.Add(invitee);
        var invited = new ParticipantInvited(Id, await Profile(invitee));
        await Task.WhenAll(_participants.Values.Select(p => Tell(p.End, invited)));
    }

    /// <summary>An invitation nobody answered; one closed because of a block ends exactly so, to tell nobody why.</summary>
    private Task RingOut(Guid invitee) => CloseInvitation(invitee, CallOutcome.Missed, CallEndReason.NoAnswer);

    /// <summary>Stops ringing someone. A call that never connected ends when nobody is left to ring.</summary>
    private async Task CloseInvitation(Guid invitee, CallOutcome outcome, CallEndReason reason)
    {
        if (!_invitations.Remove(invitee, out var invitation))
        {
            return;
        }
        invitation.Ring.Dispose();
        await Presence(invitee).Deliver(new CallEnded(Id, outcome, reason));
        await Record(invitee, invitation.Participants, outcome);
        var closed = new InvitationClosed(Id, invitee, outcome);
        await Task.WhenAll(_participants.Values.Select(p => Tell(p.End, closed)));
        if (CallRules.EndsWhenRingingStops(Room))
        {
            await End(outcome, reason);
        }
    }

    /// <summary>One participant goes; the call goes on while two or more remain.</summary>
    private async Task Leave(Guid userId, CallEndReason reason)
    {
        if (_phase != CallPhase.Connected || !_participants.Remove(userId, out var leaving))
        {
            return;
        }
        leaving.StopGrace();
        await Presence(userId).LeaveCall(Id);
        await Tell(leaving.End, new CallEnded(Id, CallOutcome.Completed, reason));
        await Record(leaving);
        var left = new ParticipantLeft(Id, userId, reason);
        await Task.WhenAll(_participants.Values.Select(p => Tell(p.End, left)));
        if (CallRules.EndsAfterLeaving(Room))
        {
            await End(CallOutcome.Completed, reason);
        }
    }

    /// <summary>Ends the call for everyone still in it or being rung. <paramref name="unanswered"/> is the caller's outcome if nobody ever answered.</summary>
    private async Task End(CallOutcome unanswered, CallEndReason reason)
    {
        if (_phase == CallPhase.Ended)
        {
            return;
        }
        var outcome = CallRules.Outcome(_phase, unanswered);
        _phase = CallPhase.Ended;
        // Everyone is out of the call before anyone hears it ended: whoever hears it may place a
        // call at once (a caller who cancelled and rings again), and must not be found still in this one.
        foreach (var participant in _participants.Values)
        {
            participant.StopGrace();
            await Presence(participant.End.UserId).LeaveCall(Id);
        }
        foreach (var invitee in _invitations.Keys.ToList())
        {
            await CloseInvitation(invitee, CallOutcome.Missed, reason);
        }
        foreach (var participant in _participants.Values)
        {
            await Tell(participant.End, new CallEnded(Id, outcome, reason));
            await Record(participant, outcome);
        }
        _participants.Clear();
    }

    private Task Record(Participant participant, CallOutcome outcome = CallOutcome.Completed)
    {
        var user = participant.End.UserId;
        return History(user).Add(new CallRecord(Id, _kind, user == _caller, CallRules.Named(user, _caller, _joined, _rung),
            _startedAt, participant.ConnectedAt, clock.GetUtcNow(), outcome));
    }

    private Task Record(Guid invitee, IReadOnlyList<Guid> participants, CallOutcome outcome) =>
        History(invitee).Add(new CallRecord(Id, _kind, false, participants, _startedAt, null, clock.GetUtcNow(), outcome));

    private ICallHistoryGrain History(Guid user) => GrainFactory.GetGrain<ICallHistoryGrain>(user);

    private async Task<UserProfile> Profile(Guid user) => (await GrainFactory.GetGrain<IUserGrain>(user).GetProfile())!;

    private static Task Tell(CallEnd end, ClientEvent clientEvent) => end.Relay.Deliver([end.ConnectionId], clientEvent);

    private CallError Finish(CallError error)
    {
        _phase = CallPhase.Ended;
        return error;
    }
}
