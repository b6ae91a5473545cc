namespace Viv.Media;

/// <summary>What Janus said about a room, as the silo's media gateway passes it to the call room.</summary>
public enum MediaEventKind
{
    /// <summary>A handle's PeerConnection is up (Janus's <c>webrtcup</c>); a publisher's feed can now be subscribed to.</summary>
    Up,

    /// <summary>A handle's PeerConnection went away (<c>hangup</c> or <c>detached</c>).</summary>
    Down,

    /// <summary>
    /// A feed started talking (VideoRoom <c>talking</c>: its audio level averaged over 2 s louder than
    /// 25 dBov), once per change, with the feed's publisher handle.
    /// </summary>
    Talking,

    /// <summary>A feed stopped talking (VideoRoom <c>stopped-talking</c>).</summary>
    StoppedTalking,

    /// <summary>The room's instance is gone (its WebSocket closed or its session timed out): every handle of the room with it.</summary>
    ServerLost,
}

/// <summary><paramref name="Handle"/> and <paramref name="Feed"/> are 0 where the kind has none.</summary>
[GenerateSerializer, Immutable, Alias("viv.media-event")]
public sealed record MediaEvent(
    [property: Id(0)] MediaEventKind Kind,
    [property: Id(1)] long Handle,
    [property: Id(2)] long Feed);
