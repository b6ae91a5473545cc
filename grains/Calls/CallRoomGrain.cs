using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viv.Hosting;
using Viv.Telemetry;
using Viv.VideoMessages;
using Viv.Media;

namespace Viv.Calls;

/// <summary>
/// One call's phase, and what each action does once <see cref="CallRules"/> allow it. Its parts see it as an
/// <see cref="ICall"/>: the <see cref="Mesh"/> of those in it, the <see cref="Ringing"/>, the <see cref="CallRecords"/>,
/// the <see cref="Forwarding"/> of its media through a media server once it grew past the mesh limit, and the
/// <see cref="CallKeys"/> its participants' tabs encrypt that media with. A connected call is kept in storage
/// (<see cref="CallRoomState"/>), so when the silo holding the room dies the room comes back on another one.
/// </summary>
public sealed partial class CallRoomGrain : Grain, ICallRoomGrain, ICall
{
    private readonly IPersistentState<CallRoomState> _kept;
    private readonly TimeSpan _lostTabsCheck;
    private readonly ILogger<CallRoomGrain> _logger;
    private readonly int _capacity;
    private readonly CallRecords _records;
    private readonly Mesh _mesh;
    private readonly Ringing _ringing;
    private readonly Forwarding _forwarding;
    private readonly CallKeys _keys;
    private readonly HashSet<Guid> _entering = [];
    private CallPhase _phase = CallPhase.New;
    /// <summary>A meeting's call: entered, not rung into, and open while anyone is in it.</summary>
    private bool _open;

    public CallRoomGrain(
        [PersistentState("room")] IPersistentState<CallRoomState> kept,
        IOptions<CallOptions> options,
        [FromKeyedServices(VivSilo.Clock)] TimeProvider clock,
        IMediaServers media,
        ILogger<CallRoomGrain> logger)
    {
        var calls = options.Value;
        (_kept, _lostTabsCheck, _logger) = (kept, TimeSpan.FromSeconds(calls.LostTabsCheckSeconds), logger);
        _capacity = calls.MaxParticipants;
        _records = new CallRecords(this, clock);
        _mesh = new Mesh(this, _records, clock, TimeSpan.FromSeconds(calls.ReconnectGraceSeconds), logger);
        _ringing = new Ringing(this, _mesh, _records, clock, TimeSpan.FromSeconds(calls.RingTimeoutSeconds));
        _forwarding = new Forwarding(this, _mesh, media, news => this.AsReference<ICallRoomGrain>().Heard(news), calls, logger);
        _keys = new CallKeys(this, _mesh);
    }

    private Guid Id => this.GetPrimaryKey();

    private CallRoom Room => new(_phase, _open, _mesh.Members, _ringing.Invitees, _capacity, _forwarding.On);

    Guid ICall.Id => Id;

    IGrainFactory ICall.Grains => GrainFactory;

    CallRoom ICall.Room => Room;

    Task ICall.End(CallOutcome unanswered, CallEndReason reason) => End(unanswered, reason);

    async Task ICall.Left(Guid userId)
    {
        _keys.Forget(userId);
        await _forwarding.Leave(userId);
        await Keep();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_kept.State.Phase == CallPhase.Connected)
        {
            ComeBack(_kept.State);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The silo that held this connected call died (or the room was collected while idle): it goes on
    /// from what was kept. Its participants go back into it on their presence in a turn of its own, since
    /// a presence asking whether it still has them may be what activated it, and waits for the answer;
    /// whoever is no longer there to take part is let go of once web nodes had time to renew their tabs.
    /// </summary>
    private void ComeBack(CallRoomState kept)
    {
        MoveTo(kept.Phase);
        _open = kept.Open;
        _records.Restore(kept.Record);
        _keys.Restore(kept.Identities);
        _mesh.Restore(kept.Participants);
        LogCameBack(Id, _mesh.Members.Count, kept.Forwarded);
        this.RegisterGrainTimer(() => Resume(kept.Forwarded), TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        this.RegisterGrainTimer(_mesh.LetGoOfLostTabs, _lostTabsCheck, Timeout.InfiniteTimeSpan);
    }

    private async Task Resume(bool forwarded)
    {
        await _mesh.ShowTabs();
        await _mesh.BackOnPresence();
        if (forwarded && _phase == CallPhase.Connected)
        {
            await _forwarding.Resume();
        }
    }

    /// <summary>Every change of phase goes through here, so the silo's count of calls ringing and in progress follows it.</summary>
    private void MoveTo(CallPhase phase)
    {
        VivMetrics.CallMoved(_phase, phase);
        _phase = phase;
    }

    /// <summary>A room collected while connected comes back from storage (counted again then); until then it counts nowhere.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        VivMetrics.CallMoved(_phase, CallPhase.New);
        return Task.CompletedTask;
    }

    public Task<bool> Includes(Guid userId) => Task.FromResult(_entering.Contains(userId) || !Room.Over && _mesh.Members.Contains(userId));

    /// <summary>Writes what a connected call needs to come back after its silo dies; nothing while it only rings.</summary>
    private Task Keep()
    {
        if (_phase != CallPhase.Connected)
        {
            return Task.CompletedTask;
        }
        _kept.State = new CallRoomState
        {
            Phase = _phase,
            Open = _open,
            Participants = _mesh.Keep(),
            Identities = _keys.Keep(),
            Record = _records.Keep(),
            Forwarded = _forwarding.On,
        };
        return _kept.WriteStateAsync();
    }

    public async Task<CallError> Start(CallEnd caller, Guid callee, CallKind kind)
    {
        if (_phase != CallPhase.New)
        {
            return CallError.CallEnded;
        }
        _records.Begin(caller.UserId, kind);
        if (await _ringing.MayRing(caller.UserId, callee) is not CallError.None and var refused)
        {
            if (refused == CallError.Unavailable)
            {
                await OfferMessage(caller, callee);
            }
            return Finish(refused);
        }
        bool entered;
        _entering.Add(caller.UserId);
        try
        {
            entered = await GrainFactory.Presence(caller.UserId).EnterCall(Id);
        }
        finally
        {
            _entering.Remove(caller.UserId);
        }
        if (!entered)
        {
            return Finish(CallError.AlreadyInCall);
        }
        _mesh.Wait(caller);
        MoveTo(CallPhase.Ringing);
        return await _ringing.Ring(caller.UserId, callee);
    }

    public Task<CallError> Invite(Guid inviter, Guid invitee) => _ringing.Invite(inviter, invitee);

    public async Task<CallError> Answer(CallEnd invitee, bool accept) =>
        !accept ? await Decline(invitee.UserId)
        : CallRules.MayAnswer(Room, invitee.UserId) is not CallError.None and var refused ? refused
        : await ComeIn(invitee);

    public async Task<CallError> Decline(Guid invitee) =>
        CallRules.MayAnswer(Room, invitee) is not CallError.None and var refused ? refused : await _ringing.Decline(invitee);

    public async Task<CallError> Enter(CallEnd end, CallKind kind)
    {
        if (_phase == CallPhase.New)
        {
            _open = true;
            MoveTo(CallPhase.Connected);
            _records.Begin(end.UserId, kind);
        }
        return CallRules.MayEnter(Room, end.UserId) is not CallError.None and var refused ? refused : await ComeIn(end);
    }

    /// <summary>
    /// Someone answering or entering comes in unless blocked either way with anyone there. Someone rung
    /// into a meeting's call who enters it instead of answering has answered too: their ringing stops.
    /// Anyone still being rung whom they blocked, or who blocked them, can no longer come in: that
    /// ringing ends as if unanswered.
    /// </summary>
    private async Task<CallError> ComeIn(CallEnd end)
    {
        var blocked = await GrainFactory.BlockedEitherWay(end.UserId);
        if (CallRules.MayComeIn(Room, blocked) is not CallError.None and var refused)
        {
            return refused;
        }
        _entering.Add(end.UserId);
        try
        {
            if (!await GrainFactory.Presence(end.UserId).EnterCall(Id))
            {
                return CallError.AlreadyInCall;
            }
            if (_ringing.Invitees.Contains(end.UserId))
            {
                await _ringing.Answered(end.UserId);
            }
            MoveTo(CallPhase.Connected);
            await _forwarding.Grow(Room.Participants.Count + 1);
            await _mesh.Connect(end);
        }
        finally
        {
            _entering.Remove(end.UserId);
        }
        await _keys.Introduce(end.UserId);
        await _forwarding.Admit(end.UserId);
        await _ringing.Miss(blocked, CallEndReason.NoAnswer);
        await Keep();
        return CallError.None;
    }

    public Task<CallError> Signal(Guid userId, string connectionId, Guid to, CallSignal? signal) => _mesh.Relay(userId, connectionId, to, signal);

    public async Task<CallError> Forward(Guid userId, string connectionId, MediaLeg leg, CallSignal? signal) =>
        CallRules.MayForward(Room, userId, _mesh.IsTheirTab(userId, connectionId), leg, signal) is not CallError.None and var refused ? refused
        : await _forwarding.Relay(userId, leg, signal!);

    public async Task<CallError> ReceiveVideo(Guid userId, string connectionId, Guid of, VideoQuality quality) =>
        CallRules.MayReceiveVideo(Room, userId, _mesh.IsTheirTab(userId, connectionId), of, quality) is not CallError.None and var refused ? refused
        : await _forwarding.ReceiveVideo(userId, of, quality);

    public async Task<CallError> ShareScreen(Guid userId, string connectionId, bool sharing) =>
        CallRules.MayShareScreen(Room, userId, _mesh.IsTheirTab(userId, connectionId)) is not CallError.None and var refused ? refused
        : await _forwarding.ShareScreen(userId, sharing);

    public async Task<CallError> ReconnectMedia(Guid userId, string connectionId) =>
        CallRules.MayUseMediaServer(Room, userId, _mesh.IsTheirTab(userId, connectionId)) is not CallError.None and var refused ? refused
        : await _forwarding.Reconnect(userId);

    public async Task<CallError> AnnounceIdentity(Guid userId, string connectionId, string? publicKey)
    {
        var error = await _keys.Announce(userId, connectionId, publicKey);
        if (error == CallError.None)
        {
            await Keep();
        }
        return error;
    }

    public Task<CallError> SendMediaKey(Guid userId, string connectionId, Guid to, MediaKeyMessage? message) => _keys.Relay(userId, connectionId, to, message);

    public Task Heard(MediaEvent news) => _forwarding.Heard(news);

    public async Task<CallError> HangUp(Guid userId)
    {
        var (refused, departure) = CallRules.HangUp(Room, userId);
        if (refused != CallError.None)
        {
            return refused;
        }
        await (departure switch
        {
            Departure.Decline => _ringing.Decline(userId),
            Departure.Cancel => End(CallOutcome.Cancelled, CallEndReason.Cancelled),
            _ => _mesh.Leave(userId, CallEndReason.HungUp),
        });
        return CallError.None;
    }

    public Task Block(Guid blocker, Guid blocked) => CallRules.Block(Room, blocker, blocked) switch
    {
        AfterBlock.RingOut => _ringing.RingOut(blocked),
        AfterBlock.BlockerHangsUp => HangUp(blocker),
        _ => Task.CompletedTask,
    };

    public async Task<CallError> Rejoin(CallEnd end)
    {
        var error = await _mesh.Rejoin(end);
        if (error == CallError.None)
        {
            // Their presence may have been lost with a silo and rebuilt without the call (PresenceRestored).
            await GrainFactory.Presence(end.UserId).EnterCall(Id);
            await _keys.Introduce(end.UserId);
            await Keep();
        }
        return error;
    }

    public Task ConnectionLost(Guid userId, string connectionId, bool pageClosed) => _mesh.ConnectionLost(userId, connectionId, pageClosed);

    /// <summary>Ends the call for everyone still in it or being rung. <paramref name="unanswered"/> is the caller's outcome if nobody ever answered.</summary>
    private async Task End(CallOutcome unanswered, CallEndReason reason)
    {
        if (_phase == CallPhase.Ended)
        {
            return;
        }
        var outcome = CallRules.Outcome(_phase, unanswered);
        MoveTo(CallPhase.Ended);
        VivMetrics.CallEnded(outcome);
        if (CallRules.OffersMessage(outcome) && _records.SoleCallee is { } callee && _mesh.TabOf(_records.Caller) is { } callerTab)
        {
            await OfferMessage(callerTab, callee);
        }
        await _mesh.TakeEveryoneOut();
        await _ringing.Miss(_ringing.Invitees, reason);
        await _mesh.TellEnded(outcome, reason);
        await _forwarding.End();
        if (_kept.RecordExists)
        {
            await _kept.ClearStateAsync();
        }
    }

    /// <summary>
    /// The caller's tab may leave a message for whom they rang in vain. The offer comes from another grain
    /// and may reach the tab before or after the call's end: the page shows it once the call is over.
    /// </summary>
    private Task OfferMessage(CallEnd callerTab, Guid callee) =>
        GrainFactory.GetGrain<IVideoMessageOffersGrain>(callerTab.UserId).Offer(callee, _records.Kind, callerTab);

    private CallError Finish(CallError error)
    {
        MoveTo(CallPhase.Ended);
        return error;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} came back after its silo was lost, with {Participants} participants (through a media server: {Forwarded})")]
    private partial void LogCameBack(Guid callId, int participants, bool forwarded);
}
