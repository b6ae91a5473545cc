using Orleans.Concurrency;

namespace Viv.Calls;

/// <summary>
/// Keyed by call id: who is in the call, who is being rung and until when, who may signal whom,
/// and each participant's record of the call. A call starts 1:1 and grows as participants invite
/// their contacts; every participant holds one peer connection to every other (a mesh). Lives in
/// memory, and a connected call in storage too, so it comes back after its silo dies. An ended call
/// stays in memory until idle collection, answering "ended" to late actions; an id the grain has never
/// seen answers "ended" too.
/// </summary>
[Alias("viv.ICallRoomGrain")]
public interface ICallRoomGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Whether the person is in this call or coming into it. Their presence asks before believing they
    /// are in a call: a room lost with its silo before it kept anything (a call that only rang) never
    /// says they left. Read only, so it may run while the room waits on that presence.
    /// </summary>
    [AlwaysInterleave, Alias("Includes")]
    Task<bool> Includes(Guid userId);

    [Alias("Start")]
    Task<CallError> Start(CallEnd caller, Guid callee, CallKind kind);

    /// <summary>A participant rings one of their contacts into the call.</summary>
    [Alias("Invite")]
    Task<CallError> Invite(Guid inviter, Guid invitee);

    /// <summary>
    /// A meeting's call: whoever the meeting admits comes in without ringing (the first one opens it),
    /// and the call stays open while anyone is in it.
    /// </summary>
    [Alias("Enter")]
    Task<CallError> Enter(CallEnd end, CallKind kind);

    [Alias("Answer")]
    Task<CallError> Answer(CallEnd invitee, bool accept);

    /// <summary>Someone being rung says no without a connection: from a notification's Decline, with Viv closed.</summary>
    [Alias("Decline")]
    Task<CallError> Decline(Guid invitee);

    /// <summary>Passes a signaling message from one participant's tab to another participant.</summary>
    [Alias("Signal")]
    Task<CallError> Signal(Guid userId, string connectionId, Guid to, CallSignal signal);

    /// <summary>Passes a signal from a participant's tab to the media server, in a call whose media goes through one.</summary>
    [Alias("Forward")]
    Task<CallError> Forward(Guid userId, string connectionId, MediaLeg leg, CallSignal signal);

    /// <summary>
    /// Which size of <paramref name="of"/>'s video a participant's tab receives from the media server,
    /// in a call whose media goes through one.
    /// </summary>
    [Alias("ReceiveVideo")]
    Task<CallError> ReceiveVideo(Guid userId, string connectionId, Guid of, VideoQuality quality);

    /// <summary>
    /// A participant's tab started or stopped sharing its screen: in a call through a media server,
    /// everyone receives a sharer's video, even past the video limit.
    /// </summary>
    [Alias("ShareScreen")]
    Task<CallError> ShareScreen(Guid userId, string connectionId, bool sharing);

    /// <summary>
    /// A participant's tab lost its network path to the media server (its browser says ICE failed or
    /// stayed disconnected): the room drops its connections there and tells it to publish again.
    /// </summary>
    [Alias("ReconnectMedia")]
    Task<CallError> ReconnectMedia(Guid userId, string connectionId);

    /// <summary>
    /// A participant's tab says its device identity public key, which the room keeps while they are in
    /// the call and tells everyone else in it, now and whenever they come in.
    /// </summary>
    [Alias("AnnounceIdentity")]
    Task<CallError> AnnounceIdentity(Guid userId, string connectionId, string? publicKey);

    /// <summary>
    /// Passes a media key wrapped for <paramref name="to"/>'s identity key from a participant's tab to
    /// <paramref name="to"/>'s: the room checks its shape and whose keys it names, never its contents.
    /// </summary>
    [Alias("SendMediaKey")]
    Task<CallError> SendMediaKey(Guid userId, string connectionId, Guid to, MediaKeyMessage? message);

    /// <summary>What the media server said about the call's room; from the silo's media gateway only.</summary>
    [Alias("Heard")]
    Task Heard(Media.MediaEvent news);

    /// <summary>Leaves the call; while ringing, the caller cancels it and an invitee rejects.</summary>
    [Alias("HangUp")]
    Task<CallError> HangUp(Guid userId);

    /// <summary>
    /// A participant blocked someone. If that person is being rung into the call, their ringing ends
    /// as if unanswered; if they are in it, the blocker leaves as hanging up would. Either way the two
    /// never go on together, and nobody is told why.
    /// </summary>
    [Alias("Block")]
    Task Block(Guid blocker, Guid blocked);

    /// <summary>The participant's tab reconnected with a new connection id.</summary>
    [Alias("Rejoin")]
    Task<CallError> Rejoin(CallEnd end);

    /// <summary>A participant's connection closed: they leave at once if the page went away, after a grace period if the network did.</summary>
    [Alias("ConnectionLost")]
    Task ConnectionLost(Guid userId, string connectionId, bool pageClosed);
}
