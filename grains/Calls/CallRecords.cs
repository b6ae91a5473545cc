namespace Viv.Calls;

/// <summary>
/// The record one call leaves in each person's history: who started it, when, what kind, and whom it
/// names (<see cref="CallRules.Named"/>: everyone who joined, or everyone rung if nobody answered).
/// </summary>
internal sealed class CallRecords(ICall call, TimeProvider clock)
{
    private readonly List<Guid> _joined = [];
    private readonly List<Guid> _rung = [];
    private Guid _caller;
    private DateTimeOffset _startedAt;

    /// <summary>Audio or video: every record says so, and so does everyone's ringing and connecting.</summary>
    public CallKind Kind { get; private set; }

    public void Begin(Guid caller, CallKind kind) => (_caller, Kind, _startedAt) = (caller, kind, clock.GetUtcNow());

    public void Joined(Guid user) => _joined.Add(user);

    public Guid Caller => _caller;

    /// <summary>The one person rung, in a call that nobody joined: someone a message may be left for.</summary>
    public Guid? SoleCallee => _rung.Count == 1 && _joined.Count == 0 ? _rung[0] : null;

    public void Rung(Guid user) => _rung.Add(user);

    public KeptRecord Keep() => new(_caller, Kind, _startedAt, [.. _joined], [.. _rung]);

    public void Restore(KeptRecord kept)
    {
        (_caller, Kind, _startedAt) = (kept.Caller, kept.Kind, kept.StartedAt);
        _joined.AddRange(kept.Joined);
        _rung.AddRange(kept.Rung);
    }

    /// <summary>Someone who was in the call: connected from when they were first with someone else until now.</summary>
    public Task Participant(Participant participant, CallOutcome outcome)
    {
        var user = participant.End.UserId;
        return Add(user, user == _caller, CallRules.Named(user, _caller, _joined, _rung), participant.ConnectedAt, outcome);
    }

    /// <summary>Someone rung who never came in: the record names who was in the call when they were rung.</summary>
    public Task Invitee(Guid invitee, IReadOnlyList<Guid> participants, CallOutcome outcome) =>
        Add(invitee, outgoing: false, participants, connectedAt: null, outcome);

    private Task Add(Guid user, bool outgoing, IReadOnlyList<Guid> named, DateTimeOffset? connectedAt, CallOutcome outcome) =>
        call.Grains.GetGrain<ICallHistoryGrain>(user).Add(new CallRecord(call.Id, Kind, outgoing, named, _startedAt, connectedAt, clock.GetUtcNow(), outcome));
}
