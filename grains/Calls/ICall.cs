namespace Viv.Calls;

/// <summary>
/// What the parts of a call room (<see cref="Ringing"/>, <see cref="Mesh"/>, <see cref="CallRecords"/>)
/// see of it: the grain, whose turns their timers run in; the call id; the grains it talks to; the
/// room as <see cref="CallRules"/> see it now; and its two ways out, which stay the room's to take.
/// </summary>
internal interface ICall : IGrainBase
{
    Guid Id { get; }

    IGrainFactory Grains { get; }

    CallRoom Room { get; }

    /// <summary>What hanging up does for <paramref name="userId"/> by the rules: decline, cancel or leave.</summary>
    Task<CallError> HangUp(Guid userId);

    /// <summary>A participant is out of the call: nobody receives their media any more.</summary>
    Task Left(Guid userId);

    /// <summary>Ends the call for everyone still in it or being rung; <paramref name="unanswered"/> is the outcome if nobody ever answered.</summary>
    Task End(CallOutcome unanswered, CallEndReason reason);
}
