namespace Viv.Calls;

/// <summary>What hanging up does: someone rung declines, a caller nobody answered yet cancels, a participant leaves.</summary>
public enum Departure
{
    Decline,
    Cancel,
    Leave,
}

/// <summary>What someone in a call blocking someone does: nothing, the blocked one's ringing ends as if unanswered, or the blocker leaves.</summary>
public enum AfterBlock
{
    Nothing,
    RingOut,
    BlockerHangsUp,
}

/// <summary>What a lost connection does: nothing, the participant hangs up, or they have a grace period to rejoin.</summary>
public enum AfterConnectionLost
{
    Nothing,
    HangUp,
    Grace,
}

/// <summary>
/// Who may ring, answer, enter and signal in a call, and how it ends: the call room's rules as pure
/// functions of what the room and the contact list know. <see cref="CallRoomGrain"/> and its parts keep the
/// state, the timers and the messages. Two rules run through all of them: never are two people in one call, or
/// rung into it, either of whom blocked the other; and "Unavailable" is the one answer for offline,
/// not a contact and blocked, so a refusal never reveals which.
/// </summary>
public static class CallRules
{
    /// <summary>
    /// The most participants whose tabs carry a call's media directly to each other. Each tab encodes
    /// and sends its camera once per other participant, so upload bandwidth and CPU run out past five
    /// copies on a home connection: the cap of a call with no media server, and the size below which a
    /// call whose media server is gone falls back to its direct connections.
    /// </summary>
    public const int LargestMesh = 6;

    /// <summary>
    /// The most participants a call may be configured for, with a media server: each tab still sends
    /// once and receives at most <see cref="CallOptions.VideoLimit"/> videos, but every audio stream
    /// and every participant's signaling grow with the call (BENCHMARKS.md, "Calls through a media server").
    /// </summary>
    public const int LargestCall = 25;

    /// <summary>Whether <paramref name="inviter"/>, in the call, may ring someone new into it.</summary>
    public static CallError MayInvite(CallRoom room, Guid inviter, Guid invitee) =>
        room.Over ? CallError.CallEnded
        : !room.Participants.Contains(inviter) ? CallError.NotInCall
        : room.Participants.Contains(invitee) || room.Ringing.Contains(invitee) ? CallError.AlreadyParticipant
        : room.Participants.Count + room.Ringing.Count >= room.Capacity ? CallError.CallFull
        : CallError.None;

    /// <summary>
    /// Whether <paramref name="invitee"/> may be rung by <paramref name="inviter"/> into this room.
    /// Those still being rung count as in it: two people rung at once could otherwise both answer.
    /// </summary>
    public static CallError MayRing(CallRoom room, Guid inviter, Guid invitee, Reach reach) =>
        invitee == inviter ? CallError.CallingYourself
        : !reach.MutualContact || !reach.Reachable ? CallError.Unavailable
        : reach.BlockedEitherWay.Contains(inviter) || room.Participants.Concat(room.Ringing).Any(reach.BlockedEitherWay.Contains) ? CallError.Unavailable
        : CallError.None;

    /// <summary>Whether <paramref name="invitee"/> may answer (either way) the ringing they hear.</summary>
    public static CallError MayAnswer(CallRoom room, Guid invitee) =>
        room.Over ? CallError.CallEnded
        : room.Participants.Contains(invitee) ? CallError.AlreadyAnswered
        : !room.Ringing.Contains(invitee) ? CallError.NotInCall
        : CallError.None;

    /// <summary>Whether <paramref name="user"/> may enter a meeting's call: open, not full, not in it already.</summary>
    public static CallError MayEnter(CallRoom room, Guid user) =>
        !room.Open || room.Phase == CallPhase.Ended ? CallError.CallEnded
        : room.Participants.Contains(user) ? CallError.AlreadyInCall
        : room.Participants.Count >= room.Capacity ? CallError.CallFull
        : CallError.None;

    /// <summary>
    /// The last check before someone comes in (answering or entering): nobody in the call blocked
    /// them or was blocked by them since they were rung. Refused as unavailable, and nothing changes:
    /// to the others the invitation rings on unanswered.
    /// </summary>
    public static CallError MayComeIn(CallRoom room, IReadOnlyCollection<Guid> blockedEitherWay) =>
        room.Participants.Any(blockedEitherWay.Contains) ? CallError.Unavailable : CallError.None;

    /// <summary>
    /// Whether a signal may go from <paramref name="from"/> to <paramref name="to"/>: only from the tab
    /// taking part (<paramref name="fromTheirTab"/>), well formed, to another participant.
    /// </summary>
    public static CallError MaySignal(CallRoom room, Guid from, bool fromTheirTab, Guid to, CallSignal? signal) =>
        room.Over ? CallError.CallEnded
        : !room.Participants.Contains(from) || !fromTheirTab ? CallError.NotInCall
        : signal?.IsValid != true ? CallError.InvalidSignal
        : to == from || !room.Participants.Contains(to) ? CallError.NotAParticipant
        : CallError.None;

    /// <summary>
    /// Whether a call of <paramref name="participants"/> has its media go through a media server: only
    /// past the mesh limit, and only with one configured. A call that moved stays moved: people
    /// leaving do not move it back and forth.
    /// </summary>
    public static bool Forwards(int participants, int meshLimit, bool mediaServer) => mediaServer && participants > meshLimit;

    /// <summary>
    /// Whether a forwarded call whose media server is gone, with no other to take it, goes back to its
    /// direct connections (which it kept for chat and files): only as small as a mesh can carry.
    /// A larger call keeps its last pictures and tries the media servers again (<see cref="ReopenAfter"/>).
    /// </summary>
    public static bool FallsBackToMesh(int participants) => participants <= LargestMesh;

    /// <summary>
    /// How long a call waiting for a media server waits before its try number <paramref name="tries"/>
    /// (from 0): 1 s, doubling to 10 s, as long as a silo waits to reconnect an instance it lost,
    /// so a server that comes back is used soon after a silo reaches it again.
    /// </summary>
    public static TimeSpan ReopenAfter(int tries) => TimeSpan.FromSeconds(Math.Min(10, 1 << Math.Min(tries, 4)));

    /// <summary>
    /// Whether a signal may go from <paramref name="from"/>'s tab to the media server: only in a
    /// forwarded call, from the tab taking part, well formed, and of its leg: a tab offers what it
    /// publishes and answers what it receives.
    /// </summary>
    public static CallError MayForward(CallRoom room, Guid from, bool fromTheirTab, MediaLeg leg, CallSignal? signal) =>
        MayUseMediaServer(room, from, fromTheirTab) is not CallError.None and var refused ? refused
        : signal?.IsValid != true || !Enum.IsDefined(leg) || signal.Description?.Type is { } type && type != (leg == MediaLeg.Publish ? "offer" : "answer") ? CallError.InvalidSignal
        : CallError.None;

    /// <summary>
    /// Whether <paramref name="from"/>'s tab may choose the size of <paramref name="of"/>'s video it
    /// receives: only in a forwarded call, from the tab taking part, of someone else in the call.
    /// </summary>
    public static CallError MayReceiveVideo(CallRoom room, Guid from, bool fromTheirTab, Guid of, VideoQuality quality) =>
        MayUseMediaServer(room, from, fromTheirTab) is not CallError.None and var refused ? refused
        : !Enum.IsDefined(quality) ? CallError.InvalidSignal
        : of == from || !room.Participants.Contains(of) ? CallError.NotAParticipant
        : CallError.None;

    /// <summary>
    /// Whether <paramref name="from"/>'s tab may ask the media server for anything, such as to start
    /// its media there over (<c>ReconnectMedia</c>): only in a forwarded call, from the tab taking part.
    /// </summary>
    public static CallError MayUseMediaServer(CallRoom room, Guid from, bool fromTheirTab) =>
        room.Over ? CallError.CallEnded
        : !room.Participants.Contains(from) || !fromTheirTab ? CallError.NotInCall
        : !room.Forwarded ? CallError.NotForwarded
        : CallError.None;

    /// <summary>
    /// Whether <paramref name="from"/>'s tab may say it shares its screen: the tab taking part, in a
    /// call going on, mesh or not (a mesh call that moves to a media server later keeps it).
    /// </summary>
    public static CallError MayShareScreen(CallRoom room, Guid from, bool fromTheirTab) =>
        room.Over ? CallError.CallEnded
        : !room.Participants.Contains(from) || !fromTheirTab ? CallError.NotInCall
        : CallError.None;

    /// <summary>
    /// Whether <paramref name="from"/>'s tab may announce its identity key: only the tab taking part,
    /// with a key of the protocol's shape (32 bytes in base64url).
    /// </summary>
    public static CallError MayAnnounceIdentity(CallRoom room, Guid from, bool fromTheirTab, string? publicKey) =>
        room.Over ? CallError.CallEnded
        : !room.Participants.Contains(from) || !fromTheirTab ? CallError.NotInCall
        : !KeyEncoding.Holds(publicKey, KeyEncoding.PublicKeyBytes) ? CallError.InvalidKey
        : CallError.None;

    /// <summary>
    /// Whether a media key message may go from <paramref name="from"/>'s tab to <paramref name="to"/>:
    /// only from the tab taking part, well formed for this call, to another participant, and from the
    /// identity key <paramref name="from"/> announced last to the one <paramref name="to"/> did
    /// (<paramref name="identities"/>): a key wrapped for a key its device no longer has opens for nobody.
    /// </summary>
    public static CallError MaySendMediaKey(CallRoom room, Guid callId, Guid from, bool fromTheirTab, Guid to, MediaKeyMessage? message, IReadOnlyDictionary<Guid, string> identities) =>
        room.Over ? CallError.CallEnded
        : !room.Participants.Contains(from) || !fromTheirTab ? CallError.NotInCall
        : message?.IsValidFor(callId) != true ? CallError.InvalidKey
        : to == from || !room.Participants.Contains(to) ? CallError.NotAParticipant
        : identities.GetValueOrDefault(from) != message.From || identities.GetValueOrDefault(to) != message.To ? CallError.UnannouncedKey
        : CallError.None;

    /// <summary>What hanging up does for <paramref name="user"/>, or why they cannot.</summary>
    public static (CallError Error, Departure Departure) HangUp(CallRoom room, Guid user) =>
        room.Over ? (CallError.CallEnded, default)
        : room.Ringing.Contains(user) ? (CallError.None, Departure.Decline)
        : !room.Participants.Contains(user) ? (CallError.NotInCall, default)
        : room.Phase == CallPhase.Ringing ? (CallError.None, Departure.Cancel)
        : (CallError.None, Departure.Leave);

    /// <summary>
    /// What <paramref name="blocker"/>, in the call, blocking <paramref name="blocked"/> does: the two
    /// never go on together, and nobody is told why.
    /// </summary>
    public static AfterBlock Block(CallRoom room, Guid blocker, Guid blocked) =>
        room.Over || !room.Participants.Contains(blocker) ? AfterBlock.Nothing
        : room.Ringing.Contains(blocked) ? AfterBlock.RingOut
        : room.Participants.Contains(blocked) ? AfterBlock.BlockerHangsUp
        : AfterBlock.Nothing;

    /// <summary>
    /// What a participant's lost connection does: only the tab taking part counts (<paramref name="theirTab"/>);
    /// a closed page hangs up at once, a network drop in a connected call leaves time to rejoin.
    /// </summary>
    public static AfterConnectionLost ConnectionLost(CallRoom room, bool theirTab, bool pageClosed) =>
        room.Over || !theirTab ? AfterConnectionLost.Nothing
        : pageClosed ? AfterConnectionLost.HangUp
        : room.Phase == CallPhase.Connected ? AfterConnectionLost.Grace
        : AfterConnectionLost.Nothing;

    /// <summary>After someone left: a rung call ends when fewer than two remain, a meeting's call when nobody does.</summary>
    public static bool EndsAfterLeaving(CallRoom room) => room.Participants.Count < (room.Open ? 1 : 2);

    /// <summary>After a ringing closed unanswered: a call nobody ever answered ends when nobody is left to ring.</summary>
    public static bool EndsWhenRingingStops(CallRoom room) => room.Phase == CallPhase.Ringing && room.Ringing.Count == 0;

    /// <summary>How the call ends for those in it: completed once anyone answered, otherwise as its ringing ended.</summary>
    /// <summary>A call that ended so may be followed by a message: nobody answered, declined, or they were busy; never one the caller cancelled.</summary>
    public static bool OffersMessage(CallOutcome outcome) => outcome is CallOutcome.Missed or CallOutcome.Rejected or CallOutcome.Busy;

    public static CallOutcome Outcome(CallPhase phase, CallOutcome unanswered) => phase == CallPhase.Connected ? CallOutcome.Completed : unanswered;

    /// <summary>
    /// Whom someone's history names for this call: everyone who was in it once anyone answered
    /// (those who joined and the caller), otherwise everyone who was rung; never themselves.
    /// </summary>
    public static IReadOnlyList<Guid> Named(Guid user, Guid caller, IReadOnlyList<Guid> joined, IReadOnlyList<Guid> rung) =>
        [.. (joined.Count > 0 ? joined.Append(caller) : rung).Where(other => other != user).Distinct()];
}
