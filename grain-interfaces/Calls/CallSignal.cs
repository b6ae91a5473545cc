namespace Viv.Calls;

/// <summary>
/// One WebRTC signaling message between the two ends of a call: a session description (offer or
/// answer) or an ICE candidate. The room checks its shape and size and passes it to the other end.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.call-signal")]
public sealed record CallSignal(
    [property: Id(0)] SessionDescription? Description,
    [property: Id(1)] IceCandidate? Candidate)
{
    public const int MaxSdpLength = 64 * 1024;
    public const int MaxCandidateLength = 1024;

    public bool IsValid => (Description, Candidate) switch
    {
        ({ } d, null) => d.Type is "offer" or "answer" or "rollback" && (d.Sdp?.Length ?? 0) <= MaxSdpLength
            && (d.Type == "rollback" || d.Sdp?.StartsWith("v=0", StringComparison.Ordinal) == true),
        // An empty candidate is the end-of-candidates marker.
        (null, { Candidate: { } text } c) => text.Length <= MaxCandidateLength
            && (text.Length == 0 || text.StartsWith("candidate:", StringComparison.Ordinal))
            && (c.SdpMid?.Length ?? 0) <= 64 && c.SdpMLineIndex is null or >= 0 and < 64,
        _ => false,
    };
}

[GenerateSerializer, Immutable, Alias("viv.session-description")]
public sealed record SessionDescription(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Sdp);

[GenerateSerializer, Immutable, Alias("viv.ice-candidate")]
public sealed record IceCandidate(
    [property: Id(0)] string Candidate,
    [property: Id(1)] string? SdpMid,
    [property: Id(2)] int? SdpMLineIndex,
    [property: Id(3)] string? UsernameFragment);
