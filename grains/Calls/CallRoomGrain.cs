using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Accounts;
using Viv.Hosting;
using Viv.Realtime;
using Viv.Roster;

namespace Viv.Calls;

public sealed class CallRoomGrain(IOptions<CallOptions> options, [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, ICallRoomGrain
{
    /// <summary>Ringing: only the caller is in and nobody has answered yet. Connected: two or more are in.</summary>
    private enum Phase { New, Ringing, Connected, Ended }

    private readonly Dictionary<Guid, Participant> _participants = [];
    private readonly Dictionary<Guid, Invitation> _invitations = [];
    private readonly List<Guid> _joined = [];
    private readonly List<Guid> _rung = [];
    private Phase _phase = Phase.New;
    /// <summary>A meeting's call: entered, not rung into, and open while anyone is in it.</summary>
    private bool _open;
    private CallKind _kind;
    private Guid _caller;
    private DateTimeOffset _startedAt;

    private Guid Id => this.GetPrimaryKey();

    private bool Over => _phase is Phase.New or Phase.Ended;

    private IPresenceGrain Presence(Guid user) => GrainFactory.GetGrain<IPresenceGrain>(user);

    public async Task<CallError> Start(CallEnd caller, Guid callee, CallKind kind)
    {
        if (_phase != Phase.New)
        {
            return CallError.CallEnded;
        }
        (_caller, _kind, _startedAt) = (caller.UserId, kind, clock.GetUtcNow());
        if (await Admissible(caller.UserId, callee) is not CallError.None and var refused)
        {
            return Finish(refused);
        }
        if (!await Presence(caller.UserId).EnterCall(Id))
        {
            return Finish(CallError.AlreadyInCall);
        }
        _participants[caller.UserId] = new Participant(caller);
        _phase = Phase.Ringing;
        if (await Presence(callee).GetCall() is not null)
        {
            _rung.Add(callee);
            await Record(callee, [caller.UserId], CallOutcome.Missed);
            await End(CallOutcome.Busy, "busy");
            return CallError.Busy;
        }
        await Ring(caller.UserId, callee);
        return CallError.None;
    }

    public async Task<CallError> Invite(Guid inviter, Guid invitee)
    {
        if (Over)
        {
            return CallError.CallEnded;
        }
        if (!_participants.ContainsKey(inviter))
        {
            return CallError.NotInCall;
        }
        if (_participants.ContainsKey(invitee) || _invitations.ContainsKey(invitee))
        {
            return CallError.AlreadyParticipant;
        }
        if (_participants.Count + _invitations.Count >= options.Value.MaxParticipants)
        {
            return CallError.CallFull;
        }
        if (await Admissible(inviter, invitee) is not CallError.None and var refused)
        {
            return refused;
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
        if (Over)
        {
            return CallError.CallEnded;
        }
        if (_participants.ContainsKey(invitee.UserId))
        {
            return CallError.AlreadyAnswered;
        }
        if (!_invitations.ContainsKey(invitee.UserId))
        {
            return CallError.NotInCall;
        }
        if (!accept)
        {
            await CloseInvitation(invitee.UserId, CallOutcome.Rejected, "rejected");
            return CallError.None;
        }
        // Someone who blocked a participant after being rung: refused as entering a meeting's call
        // is, and nothing changes, so to the others the invitation rings on unanswered.
        var blocked = await BlockedEitherWay(invitee.UserId);
        if (_participants.Keys.Any(blocked.Contains))
        {
            return CallError.Unavailable;
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
        if (_phase == Phase.New)
        {
            (_open, _kind, _caller, _startedAt, _phase) = (true, kind, end.UserId, clock.GetUtcNow(), Phase.Connected);
        }
        if (!_open || _phase == Phase.Ended)
        {
            return CallError.CallEnded;
        }
        if (_participants.ContainsKey(end.UserId))
        {
            return CallError.AlreadyInCall;
        }
        if (_participants.Count >= options.Value.MaxParticipants)
        {
            return CallError.CallFull;
        }
        var blocked = await BlockedEitherWay(end.UserId);
        if (_participants.Keys.Any(blocked.Contains))
        {
            return CallError.Unavailable;
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
        _phase = Phase.Connected;
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
        if (Over)
        {
            return CallError.CallEnded;
        }
        if (!_participants.TryGetValue(userId, out var from) || from.End.ConnectionId != connectionId)
        {
            return CallError.NotInCall;
        }
        if (signal?.IsValid != true)
        {
            return CallError.InvalidSignal;
        }
        if (to == userId || !_participants.TryGetValue(to, out var target))
        {
            return CallError.NotAParticipant;
        }
        await Tell(target.End, new CallSignalled(Id, userId, signal));
        return CallError.None;
    }

    public async Task<CallError> HangUp(Guid userId)
    {
        if (Over)
        {
            return CallError.CallEnded;
        }
        if (_invitations.ContainsKey(userId))
        {
            await CloseInvitation(userId, CallOutcome.Rejected, "rejected");
            return CallError.None;
        }
        if (!_participants.ContainsKey(userId))
        {
            return CallError.NotInCall;
        }
        if (_phase == Phase.Ringing)
        {
            await End(CallOutcome.Cancelled, "cancelled");
        }
        else
        {
            await Leave(userId, "hung up");
        }
        return CallError.None;
    }

    public async Task Block(Guid blocker, Guid blocked)
    {
        if (Over || !_participants.ContainsKey(blocker))
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
        if (Over)
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
        if (Over || !_participants.TryGetValue(userId, out var participant) || participant.End.ConnectionId != connectionId)
        {
            return;
        }
        if (pageClosed)
        {
            await HangUp(userId);
        }
        else if (_phase == Phase.Connected)
        {
            participant.StopGrace();
            participant.Grace = this.RegisterGrainTimer(() => Leave(userId, "connection lost"),
                TimeSpan.FromSeconds(options.Value.ReconnectGraceSeconds), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// "Unavailable" covers offline, not my contact, and anyone in the call or still being rung into
    /// it blocked by or blocking the invitee, so a refusal never reveals which. Those still ringing
    /// count: two people rung at once could otherwise both answer.
    /// </summary>
    private async Task<CallError> Admissible(Guid inviter, Guid invitee)
    {
        if (invitee == inviter)
        {
            return CallError.CallingYourself;
        }
        var contacts = await GrainFactory.GetGrain<IRosterGrain>(inviter).GetMutualContacts();
        if (!contacts.Contains(invitee) || (await Presence(invitee).GetPresence()).Presence == Roster.Presence.Offline)
        {
            return CallError.Unavailable;
        }
        var blocked = await BlockedEitherWay(invitee);
        return blocked.Contains(inviter) || _participants.Keys.Concat(_invitations.Keys).Any(blocked.Contains) ? CallError.Unavailable : CallError.None;
    }

    /// <summary>Never are two people in one call, or rung into it, either of whom blocked the other.</summary>
    private Task<IReadOnlyList<Guid>> BlockedEitherWay(Guid user) => GrainFactory.GetGrain<IRosterGrain>(user).GetBlockedEitherWay();

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
    private Task RingOut(Guid invitee) => CloseInvitation(invitee, CallOutcome.Missed, "no answer");

    /// <summary>Stops ringing someone. A call that never connected ends when nobody is left to ring.</summary>
    private async Task CloseInvitation(Guid invitee, CallOutcome outcome, string reason)
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
        if (_phase == Phase.Ringing && _invitations.Count == 0)
        {
            await End(outcome, reason);
        }
    }

    /// <summary>One participant goes; the call goes on while two or more remain.</summary>
    private async Task Leave(Guid userId, string reason)
    {
        if (_phase != Phase.Connected || !_participants.Remove(userId, out var leaving))
        {
            return;
        }
        leaving.StopGrace();
        await Tell(leaving.End, new CallEnded(Id, CallOutcome.Completed, reason));
        await Presence(userId).LeaveCall(Id);
        await Record(leaving);
        var left = new ParticipantLeft(Id, userId, reason);
        await Task.WhenAll(_participants.Values.Select(p => Tell(p.End, left)));
        if (_participants.Count < (_open ? 1 : 2))
        {
            await End(CallOutcome.Completed, reason);
        }
    }

    /// <summary>Ends the call for everyone still in it or being rung. <paramref name="unanswered"/> is the caller's outcome if nobody ever answered.</summary>
    private async Task End(CallOutcome unanswered, string reason)
    {
        if (_phase == Phase.Ended)
        {
            return;
        }
        var connected = _phase == Phase.Connected;
        _phase = Phase.Ended;
        foreach (var invitee in _invitations.Keys.ToList())
        {
            await CloseInvitation(invitee, CallOutcome.Missed, reason);
        }
        var outcome = connected ? CallOutcome.Completed : unanswered;
        foreach (var participant in _participants.Values)
        {
            participant.StopGrace();
            await Tell(participant.End, new CallEnded(Id, outcome, reason));
            await Presence(participant.End.UserId).LeaveCall(Id);
            await Record(participant, outcome);
        }
        _participants.Clear();
    }

    private Task Record(Participant participant, CallOutcome outcome = CallOutcome.Completed)
    {
        var user = participant.End.UserId;
        var others = _joined.Count > 0 ? _joined.Append(_caller) : _rung;
        return History(user).Add(new CallRecord(Id, _kind, user == _caller, [.. others.Where(o => o != user).Distinct()],
            _startedAt, participant.ConnectedAt, clock.GetUtcNow(), outcome));
    }

    private Task Record(Guid invitee, IReadOnlyList<Guid> participants, CallOutcome outcome) =>
        History(invitee).Add(new CallRecord(Id, _kind, false, participants, _startedAt, null, clock.GetUtcNow(), outcome));

    private ICallHistoryGrain History(Guid user) => GrainFactory.GetGrain<ICallHistoryGrain>(user);

    private async Task<UserProfile> Profile(Guid user) => (await GrainFactory.GetGrain<IUserGrain>(user).GetProfile())!;

    private static Task Tell(CallEnd end, ClientEvent clientEvent) => end.Relay.Deliver([end.ConnectionId], clientEvent);

    private CallError Finish(CallError error)
    {
        _phase = Phase.Ended;
        return error;
    }
}
