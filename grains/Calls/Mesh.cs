using Microsoft.Extensions.Logging;
using Viv.Realtime;

namespace Viv.Calls;

/// <summary>
/// Everyone in one call, each tab connected to every other: whom a newcomer connects to and which
/// end is polite, the signals between their tabs, a tab that reconnects or loses its connection, and
/// what each hears as someone leaves or the call ends.
/// </summary>
internal sealed partial class Mesh(ICall call, CallRecords records, TimeProvider clock, TimeSpan grace, ILogger logger)
{
    private readonly Dictionary<Guid, Participant> _participants = [];

    public IReadOnlyCollection<Guid> Members => _participants.Keys;

    /// <summary>The caller, alone in the call while it rings.</summary>
    public void Wait(CallEnd caller) => _participants[caller.UserId] = new Participant(caller);

    /// <summary>
    /// Someone comes in: they connect to everyone already there, politely, and everyone there is told.
    /// From now the call is connected for all of them.
    /// </summary>
    public async Task Connect(CallEnd end)
    {
        var now = clock.GetUtcNow();
        foreach (var waiting in _participants.Values.Where(p => p.ConnectedAt is null))
        {
            waiting.ConnectedAt = now;
        }
        var others = _participants.Values.ToList();
        var joining = _participants[end.UserId] = new Participant(end) { ConnectedAt = now };
        await ShowTabs();
        records.Joined(end.UserId);
        var joiner = new CallPeer(await call.Grains.Profile(end.UserId), Polite: false);
        var peers = await Task.WhenAll(others.Select(async p => new CallPeer(await call.Grains.Profile(p.End.UserId), Polite: true)));
        await joining.Tell(new CallConnected(call.Id, records.Kind, peers, call.Room.Forwarded));
        var joined = new ParticipantJoined(call.Id, joiner);
        await Task.WhenAll(others.Select(p => p.Tell(joined)));
    }

    public Task Tell(Guid user, ClientEvent clientEvent) => _participants.TryGetValue(user, out var participant) ? participant.Tell(clientEvent) : Task.CompletedTask;

    public Task TellAll(ClientEvent clientEvent) => Task.WhenAll(_participants.Values.Select(p => p.Tell(clientEvent)));

    /// <summary>Passes a signal from one participant's tab to another participant's.</summary>
    public async Task<CallError> Relay(Guid from, string connectionId, Guid to, CallSignal? signal)
    {
        if (CallRules.MaySignal(call.Room, from, IsTheirTab(from, connectionId), to, signal) is not CallError.None and var refused)
        {
            return refused;
        }
        await _participants[to].Tell(new CallSignalled(call.Id, from, signal!));
        return CallError.None;
    }

    /// <summary>A participant's tab reconnected: it takes part from now, and their grace stops.</summary>
    public async Task<CallError> Rejoin(CallEnd end)
    {
        if (call.Room.Over)
        {
            return CallError.CallEnded;
        }
        if (!_participants.TryGetValue(end.UserId, out var participant))
        {
            return CallError.NotInCall;
        }
        var before = participant.End;
        participant.End = end;
        participant.StopGrace();
        await ShowTabs(before);
        return CallError.None;
    }

    /// <summary>A tab's connection closed: whoever closed the page hangs up; whoever lost the network has the grace period to rejoin.</summary>
    public async Task ConnectionLost(Guid user, string connectionId, bool pageClosed)
    {
        var after = CallRules.ConnectionLost(call.Room, IsTheirTab(user, connectionId), pageClosed);
        if (after == AfterConnectionLost.HangUp)
        {
            await call.HangUp(user);
        }
        else if (after == AfterConnectionLost.Grace)
        {
            var participant = _participants[user];
            participant.StopGrace();
            participant.Grace = call.RegisterGrainTimer(() => Leave(user, CallEndReason.ConnectionLost), grace, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// One participant goes: out of the call, told it ended for them, and recorded; the others are told.
    /// A rung call goes on while two or more remain, a meeting's call while anyone does.
    /// </summary>
    public async Task Leave(Guid user, CallEndReason reason)
    {
        if (call.Room.Phase != CallPhase.Connected || !_participants.Remove(user, out var leaving))
        {
            return;
        }
        await ShowTabs(leaving.End);
        await Out(leaving);
        await call.Left(user);
        await leaving.Tell(new CallEnded(call.Id, CallOutcome.Completed, reason));
        await records.Participant(leaving, CallOutcome.Completed);
        await TellAll(new ParticipantLeft(call.Id, user, reason));
        if (CallRules.EndsAfterLeaving(call.Room))
        {
            await call.End(CallOutcome.Completed, reason);
        }
    }

    /// <summary>The call ends, first step: everyone is out of it, so whoever hears it ended may place another call at once.</summary>
    public async Task TakeEveryoneOut()
    {
        await ShowTabs();
        foreach (var participant in _participants.Values)
        {
            await Out(participant);
        }
    }

    /// <summary>The call ends, last step: everyone who was in it hears how, and has it recorded.</summary>
    /// <summary>The tab through which <paramref name="user"/> is in the call, if they are.</summary>
    public CallEnd? TabOf(Guid user) => _participants.TryGetValue(user, out var participant) ? participant.End : null;

    public async Task TellEnded(CallOutcome outcome, CallEndReason reason)
    {
        foreach (var participant in _participants.Values)
        {
            await participant.Tell(new CallEnded(call.Id, outcome, reason));
            await records.Participant(participant, outcome);
        }
        _participants.Clear();
    }

    public List<KeptParticipant> Keep() => [.. _participants.Values.Select(p => new KeptParticipant(p.End, p.ConnectedAt))];

    /// <summary>The room came back on another silo: everyone kept is in the call again.</summary>
    public void Restore(IEnumerable<KeptParticipant> kept)
    {
        foreach (var participant in kept)
        {
            _participants[participant.End.UserId] = new Participant(participant.End) { ConnectedAt = participant.ConnectedAt };
        }
    }

    /// <summary>
    /// Right after the room came back: everyone in it is in it on their presence too (a presence grain
    /// lost with the silo forgot), except anyone who went on to another call meanwhile, who leaves it.
    /// </summary>
    public async Task BackOnPresence()
    {
        foreach (var user in _participants.Keys.ToList())
        {
            if (!await call.Grains.Presence(user).EnterCall(call.Id))
            {
                await Leave(user, CallEndReason.ConnectionLost);
            }
        }
    }

    /// <summary>
    /// Some time after the room came back: whoever's tab no web node holds any more has left (their web
    /// node died too, or they closed the page while the room was gone). Web nodes renew every tab's
    /// lease with presence meanwhile, so a presence grain lost with the silo knows the live ones again.
    /// </summary>
    public async Task LetGoOfLostTabs()
    {
        foreach (var participant in _participants.Values.ToList())
        {
            if (!await call.Grains.Presence(participant.End.UserId).Holds(participant.End.ConnectionId))
            {
                await Leave(participant.End.UserId, CallEndReason.ConnectionLost);
            }
        }
    }

    /// <summary>
    /// Tells every web node holding a tab in the call which tabs take part now (none once the call is
    /// over), so that a node relays signals between two tabs it holds itself, and the node of a tab just
    /// let go, if it holds no other, that it has none. Awaited: once this returns, no node lets a tab that
    /// is out of the call signal. A node that does not answer is dead or cut off, and its tabs with it: the
    /// call goes on without waiting longer.
    /// </summary>
    public async Task ShowTabs(params IEnumerable<CallEnd> formerly)
    {
        IReadOnlyList<CallEnd> tabs = call.Room.Over ? [] : [.. _participants.Values.Select(p => p.End)];
        var nodes = _participants.Values.Select(p => p.End.Relay).Distinct().ToList();
        var formerNodes = formerly.Select(f => f.Relay).Where(node => !nodes.Contains(node)).Distinct();
        var shown = nodes.Select(node => node.SetCallTabs(call.Id, tabs)).Concat(formerNodes.Select(node => node.SetCallTabs(call.Id, [])));
        foreach (var task in shown.ToList())
        {
            try
            {
                await task;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                LogTabsNotShown(e, call.Id);
            }
        }
    }

    /// <summary>Whether <paramref name="connectionId"/> is the tab <paramref name="user"/> takes part from.</summary>
    public bool IsTheirTab(Guid user, string connectionId) =>
        _participants.TryGetValue(user, out var participant) && participant.End.ConnectionId == connectionId;

    private async Task Out(Participant participant)
    {
        participant.StopGrace();
        await call.Grains.Presence(participant.End.UserId).LeaveCall(call.Id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A web node did not take call {CallId}'s tabs; it is taken for dead")]
    private partial void LogTabsNotShown(Exception exception, Guid callId);
}
