using Viv.Accounts;
using Viv.Realtime;

namespace Viv.Calls;

/// <summary>Rings every open tab of the callee.</summary>
[GenerateSerializer, Immutable, Alias("viv.incoming-call")]
public sealed record IncomingCall(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] UserProfile Caller,
    [property: Id(2)] CallKind Kind) : ClientEvent
{
    public override string Method => "incomingCall";
}

/// <summary>
/// Tells each end that the call is answered, who the other end is, and its role in perfect
/// negotiation: the room makes the callee polite, so colliding offers resolve the same way on both ends.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.call-connected")]
public sealed record CallConnected(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] UserProfile Peer,
    [property: Id(2)] CallKind Kind,
    [property: Id(3)] bool Polite) : ClientEvent
{
    public override string Method => "callConnected";
}

/// <summary>The callee answered on one tab: every other tab stops ringing.</summary>
[GenerateSerializer, Immutable, Alias("viv.call-answered-elsewhere")]
public sealed record CallAnsweredElsewhere([property: Id(0)] Guid CallId) : ClientEvent
{
    public override string Method => "callAnsweredElsewhere";
}

[GenerateSerializer, Immutable, Alias("viv.call-ended")]
public sealed record CallEnded(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] CallOutcome Outcome,
    [property: Id(2)] string Reason) : ClientEvent
{
    public override string Method => "callEnded";
}

[GenerateSerializer, Immutable, Alias("viv.call-signalled")]
public sealed record CallSignalled(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] CallSignal Signal) : ClientEvent
{
    public override string Method => "signal";
}

/// <summary>A new missed call: the navigation's count goes up.</summary>
[GenerateSerializer, Immutable, Alias("viv.missed-call")]
public sealed record MissedCall([property: Id(0)] int Unseen) : ClientEvent
{
    public override string Method => "missedCall";
}
