using Viv.Accounts;
using Viv.Realtime;

namespace Viv.Calls;

/// <summary>
/// Rings every open tab of the invitee; <see cref="Others"/> are the participants besides the caller;
/// it stops ringing by itself at <see cref="RingsUntil"/> unless answered or ended before.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.incoming-call")]
public sealed record IncomingCall(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] UserProfile Caller,
    [property: Id(2)] CallKind Kind,
    [property: Id(3)] IReadOnlyList<UserProfile> Others,
    [property: Id(4)] DateTimeOffset RingsUntil) : ClientEvent
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

/// <summary>
/// Tells the participant who just accepted whom to connect to, and whether the call's media goes
/// through a media server (<see cref="CallForwarded"/>) rather than those connections.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.call-connected")]
public sealed record CallConnected(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] CallKind Kind,
    [property: Id(2)] IReadOnlyList<CallPeer> Peers,
    [property: Id(3)] bool Forwarded) : ClientEvent
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

/// <summary>
/// Another participant's device identity public key (X25519, base64url), as their tab announced it:
/// media keys for them are wrapped to it. Told again when it changes (their tab reloaded), and once
/// for everyone already known to whoever comes into the call or rejoins it.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.identity-announced")]
public sealed record IdentityAnnounced(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string PublicKey) : ClientEvent
{
    public override string Method => "identityAnnounced";
}

/// <summary>A media key another participant wrapped for this tab's identity key, relayed as it was sent.</summary>
[GenerateSerializer, Immutable, Alias("viv.media-key-relayed")]
public sealed record MediaKeyRelayed(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] Guid From,
    [property: Id(2)] MediaKeyMessage Message) : ClientEvent
{
    public override string Method => "mediaKey";
}

/// <summary>A new missed call: the navigation's count goes up.</summary>
[GenerateSerializer, Immutable, Alias("viv.missed-call")]
public sealed record MissedCall([property: Id(0)] int Unseen) : ClientEvent
{
    public override string Method => "missedCall";
}

/// <summary>
/// The call's media goes through the media server from now on: the tab publishes its camera and
/// microphone there, receives everyone from there, and keeps its direct connections for chat and files.
/// Told again whenever the tab must start over there from scratch: the call moved to another media
/// server, or the tab's own connection with it went down.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.call-forwarded")]
public sealed record CallForwarded([property: Id(0)] Guid CallId) : ClientEvent
{
    public override string Method => "callForwarded";
}

/// <summary>
/// The call's media server is gone, no other can take the call, and it is small enough for a mesh:
/// its media goes over the tab's direct connections again (those it kept for chat and files), and
/// the tab stops publishing to and receiving from the media server. A later <see cref="CallForwarded"/>
/// moves it back when it grows past the mesh limit.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.mesh-resumed")]
public sealed record MeshResumed([property: Id(0)] Guid CallId) : ClientEvent
{
    public override string Method => "meshResumed";
}

/// <summary>Which of a tab's two connections with the media server a signal belongs to.</summary>
public enum MediaLeg
{
    /// <summary>The tab sends its media: it offers, the media server answers.</summary>
    Publish,

    /// <summary>The tab receives everyone else's: the media server offers, the tab answers.</summary>
    Receive,
}

/// <summary>Whose media one media line of the receiving connection carries.</summary>
[GenerateSerializer, Immutable, Alias("viv.forwarded-line")]
public sealed record ForwardedLine(
    [property: Id(0)] string Mid,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string Kind);

/// <summary>
/// A signal from the media server to one tab, relayed by the call room: the answer to its publishing
/// offer, or an offer to receive with which media line carries whom (<paramref name="Lines"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.media-signalled")]
public sealed record MediaSignalled(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] MediaLeg Leg,
    [property: Id(2)] CallSignal Signal,
    [property: Id(3)] IReadOnlyList<ForwardedLine> Lines) : ClientEvent
{
    public override string Method => "mediaSignal";
}

/// <summary>
/// Whose video the tab receives from the media server from now on: in a call larger than the video
/// limit, those sharing a screen, then those who spoke last. Everyone else in the call shows their picture.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.videos-received")]
public sealed record VideosReceived(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] IReadOnlyList<Guid> UserIds) : ClientEvent
{
    public override string Method => "videosReceived";
}

/// <summary>Someone started or stopped talking, as the media server hears it.</summary>
[GenerateSerializer, Immutable, Alias("viv.speaking")]
public sealed record Speaking(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] bool Talking) : ClientEvent
{
    public override string Method => "speaking";
}
