using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Accounts;
using Viv.Hosting;
using Viv.Realtime;
using Viv.Roster;

namespace Viv.Calls;

public sealed class CallRoomGrain(IOptions<CallOptions> options, [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, ICallRoomGrain
{
    private enum Phase { New, Ringing, Connected, Ended }

    private Phase _phase = Phase.New;
    private CallKind _kind;
    private CallEnd _caller = null!;
    private Guid _calleeId;
    private CallEnd? _callee;
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _answeredAt;
    private IGrainTimer? _timer;

    private Guid Id => this.GetPrimaryKey();

    private IPresenceGrain Presence(Guid user) => GrainFactory.GetGrain<IPresenceGrain>(user);

    public async Task<CallError> Start(CallEnd caller, Guid callee, CallKind kind)
    {
        if (_phase != Phase.New)
        {
            return CallError.CallEnded;
        }
        if (callee == caller.UserId)
        {
            return CallError.CallingYourself;
        }
        (_caller, _calleeId, _kind, _startedAt) = (caller, callee, kind, clock.GetUtcNow());
        var contacts = await GrainFactory.GetGrain<IRosterGrain>(caller.UserId).GetMutualContacts();
        if (!contacts.Contains(callee) || (await Presence(callee).GetPresence()).Presence == Roster.Presence.Offline)
        {
            return Finish(CallError.Unavailable);
        }
        if (!await Presence(caller.UserId).EnterCall(Id))
        {
            return Finish(CallError.AlreadyInCall);
        }
        if (await Presence(callee).GetCall() is not null)
        {
            await End(CallOutcome.Busy, CallOutcome.Missed, "busy");
            return CallError.Busy;
        }
        _phase = Phase.Ringing;
        var profile = await GrainFactory.GetGrain<IUserGrain>(caller.UserId).GetProfile();
        await Presence(callee).Deliver(new IncomingCall(Id, profile!, kind));
        _timer = this.RegisterGrainTimer(() => End(CallOutcome.Missed, CallOutcome.Missed, "no answer"),
            TimeSpan.FromSeconds(options.Value.RingTimeoutSeconds), Timeout.InfiniteTimeSpan);
        return CallError.None;
    }

    public async Task<CallError> Answer(CallEnd callee, bool accept)
    {
        if (_phase == Phase.New)
        {
            return CallError.CallEnded;
        }
        if (callee.UserId != _calleeId)
        {
            return CallError.NotInCall;
        }
        switch (_phase)
        {
            case Phase.Connected:
                return CallError.AlreadyAnswered;
            case not Phase.Ringing:
                return CallError.CallEnded;
        }
        if (!accept)
        {
            await End(CallOutcome.Rejected, CallOutcome.Rejected, "rejected");
            return CallError.None;
        }
        if (!await Presence(callee.UserId).EnterCall(Id))
        {
            return CallError.AlreadyInCall;
        }
        (_phase, _callee, _answeredAt) = (Phase.Connected, callee, clock.GetUtcNow());
        StopTimer();
        await Presence(callee.UserId).Deliver(new CallAnsweredElsewhere(Id));
        var callerProfile = await GrainFactory.GetGrain<IUserGrain>(_caller.UserId).GetProfile();
        var calleeProfile = await GrainFactory.GetGrain<IUserGrain>(callee.UserId).GetProfile();
        await Tell(_caller, new CallConnected(Id, calleeProfile!, _kind, Polite: false));
        await Tell(callee, new CallConnected(Id, callerProfile!, _kind, Polite: true));
        return CallError.None;
    }

    public async Task<CallError> Signal(Guid userId, string connectionId, CallSignal signal)
    {
        if (_phase == Phase.New)
        {
            return CallError.CallEnded;
        }
        var from = EndOf(userId);
        if (from is null || from.ConnectionId != connectionId)
        {
            return CallError.NotInCall;
        }
        if (_phase != Phase.Connected)
        {
            return CallError.CallEnded;
        }
        if (!signal.IsValid)
        {
            return CallError.InvalidSignal;
        }
        await Tell(from == _caller ? _callee! : _caller, new CallSignalled(Id, signal));
        return CallError.None;
    }

    public async Task<CallError> HangUp(Guid userId)
    {
        if (_phase == Phase.New)
        {
            return CallError.CallEnded;
        }
        if (userId != _caller.UserId && userId != _calleeId)
        {
            return CallError.NotInCall;
        }
        switch (_phase)
        {
            case Phase.Connected:
                await End(CallOutcome.Completed, CallOutcome.Completed, "hung up");
                return CallError.None;
            case Phase.Ringing when userId == _caller.UserId:
                await End(CallOutcome.Cancelled, CallOutcome.Missed, "cancelled");
                return CallError.None;
            case Phase.Ringing:
                await End(CallOutcome.Rejected, CallOutcome.Rejected, "rejected");
                return CallError.None;
            default:
                return CallError.CallEnded;
        }
    }

    public Task<CallError> Rejoin(CallEnd end)
    {
        if (_phase == Phase.New)
        {
            return Task.FromResult(CallError.CallEnded);
        }
        if (EndOf(end.UserId) is not { } current)
        {
            return Task.FromResult(CallError.NotInCall);
        }
        if (_phase is not (Phase.Ringing or Phase.Connected))
        {
            return Task.FromResult(CallError.CallEnded);
        }
        if (current == _caller)
        {
            _caller = end;
        }
        else
        {
            _callee = end;
        }
        if (_phase == Phase.Connected)
        {
            StopTimer();
        }
        return Task.FromResult(CallError.None);
    }

    public async Task ConnectionLost(Guid userId, string connectionId, bool pageClosed)
    {
        if (EndOf(userId) is not { } end || end.ConnectionId != connectionId || _phase is Phase.New or Phase.Ended)
        {
            return;
        }
        if (pageClosed)
        {
            await HangUp(userId);
        }
        else if (_phase == Phase.Connected)
        {
            StopTimer();
            _timer = this.RegisterGrainTimer(() => End(CallOutcome.Completed, CallOutcome.Completed, "connection lost"),
                TimeSpan.FromSeconds(options.Value.ReconnectGraceSeconds), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The end this user holds in the call; while ringing, the callee has none yet.</summary>
    private CallEnd? EndOf(Guid userId) =>
        _phase == Phase.New ? null : userId == _caller.UserId ? _caller : userId == _calleeId ? _callee : null;

    private static Task Tell(CallEnd end, Realtime.ClientEvent clientEvent) => end.Relay.Deliver([end.ConnectionId], clientEvent);

    private CallError Finish(CallError error)
    {
        _phase = Phase.Ended;
        return error;
    }

    private async Task End(CallOutcome forCaller, CallOutcome forCallee, string reason)
    {
        if (_phase == Phase.Ended)
        {
            return;
        }
        var ringing = _phase == Phase.Ringing;
        _phase = Phase.Ended;
        StopTimer();
        var endedAt = clock.GetUtcNow();
        await Tell(_caller, new CallEnded(Id, forCaller, reason));
        var toCallee = new CallEnded(Id, forCallee, reason);
        await (_callee is { } callee ? Tell(callee, toCallee) : ringing ? Presence(_calleeId).Deliver(toCallee) : Task.CompletedTask);
        await Task.WhenAll(Presence(_caller.UserId).LeaveCall(Id), Presence(_calleeId).LeaveCall(Id));
        await Task.WhenAll(
            GrainFactory.GetGrain<ICallHistoryGrain>(_caller.UserId).Add(new CallRecord(Id, _kind, true, [_calleeId], _startedAt, _answeredAt, endedAt, forCaller)),
            GrainFactory.GetGrain<ICallHistoryGrain>(_calleeId).Add(new CallRecord(Id, _kind, false, [_caller.UserId], _startedAt, _answeredAt, endedAt, forCallee)));
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
