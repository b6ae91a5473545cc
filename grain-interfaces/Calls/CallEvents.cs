using Viv.Accounts;
using Viv.Realtime;

namespace Viv.Calls;

/// <summary>Rings every open tab of the invitee; <see cref="Others"/> are the participants besides the caller.</summary>
[GenerateSerializer, Immutable, Alias("viv.incoming-call")]
public sealed record IncomingCall(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] UserProfile Caller,
    [property: Id(2)] CallKind Kind,
    [property: Id(3)] IReadOnlyList<UserProfile> Others) : ClientEvent
{
    public override string Method => "incomingCall";
}

/// <summary>
/// Another participant, and this end's role toward them in perfect negotiation. The room makes
/// whoever joins later polite toward everyone already there, so colliding offers resolve the same
/// way on both ends of every pair.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.call-peer")]
public sealed record CallPeer(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] bool Polite);

/// <summary>Tells the participant who just accepted whom to connect to.</summary>
[GenerateSerializer, Immutable, Alias("viv.call-connected")]
public sealed record CallConnected(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] CallKind Kind,
    [property: Id(2)] IReadOnlyList<CallPeer> Peers) : ClientEvent
{
    public override string Method => "callConnected";
}

/// <summary>Tells each participant already in the call about one who joined: they offer to the newcomer.</summary>
[GenerateSerializer, Immutable, Alias("viv.participant-joined")]
public sealed record ParticipantJoined(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] CallPeer Peer) : ClientEvent
{
    public override string Method => "participantJoined";
}

[GenerateSerializer, Immutable, Alias("viv.participant-left")]
public sealed record ParticipantLeft(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] CallEndReason Reason) : ClientEvent
{
    public override string Method => "participantLeft";
}

/// <summary>Someone is being rung into the call: participants show them as ringing.</summary>
[GenerateSerializer, Immutable, Alias("viv.participant-invited")]
public sealed record ParticipantInvited(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] UserProfile Invitee) : ClientEvent
{
    public override string Method => "participantInvited";
}

/// <summary>An invitation stopped ringing without the invitee joining (missed or rejected).</summary>
[GenerateSerializer, Immutable, Alias("viv.invitation-closed")]
public sealed record InvitationClosed(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] CallOutcome Outcome) : ClientEvent
{
    public override string Method => "invitationClosed";
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
    [property: Id(2)] CallEndReason Reason) : ClientEvent
{
    public override string Method => "callEnded";
}

[GenerateSerializer, Immutable, Alias("viv.call-signalled")]
public sealed record CallSignalled(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] Guid From,
    [property: Id(2)] CallSignal Signal) : ClientEvent
{
    public override string Method => "signal";
}

/// <summary>A new missed call: the navigation's count goes up.</summary>
[GenerateSerializer, Immutable, Alias("viv.missed-call")]
public sealed record MissedCall([property: Id(0)] int Unseen) : ClientEvent
{
    public override string Method => "missedCall";
}
