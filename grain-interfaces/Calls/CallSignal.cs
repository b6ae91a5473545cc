using System.Text.Json.Serialization;
using Viv.Pacing;

namespace Viv.Calls;

/// <summary>
/// One WebRTC signaling message between the two ends of a call: a session description (offer or
/// answer) or an ICE candidate. The room checks its shape and every field's size and passes it to
/// the other end; the sender's signaling budget is charged by its <see cref="Weight"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.call-signal")]
public sealed record CallSignal(
    [property: Id(0)] SessionDescription? Description,
    [property: Id(1)] IceCandidate? Candidate) : IWeighed
{
    public const int MaxSdpLength = 64 * 1024;
    public const int MaxCandidateLength = 1024;
    public const int MaxSdpMidLength = 64;
    public const int MaxSdpMLineIndex = 63;

    /// <summary>RFC 8839: an ICE username fragment has at most 256 characters.</summary>
    public const int MaxUsernameFragmentLength = 256;

    [JsonIgnore]
    public bool IsValid => (Description, Candidate) switch
    {
        ({ } d, null) => d.Type is "offer" or "answer" or "rollback" && (d.Sdp?.Length ?? 0) <= MaxSdpLength
            && (d.Type == "rollback" || d.Sdp?.StartsWith("v=0", StringComparison.Ordinal) == true),
        // An empty candidate is the end-of-candidates marker.
        (null, { Candidate: { } text } c) => text.Length <= MaxCandidateLength
            && (text.Length == 0 || text.StartsWith("candidate:", StringComparison.Ordinal))
            && (c.SdpMid?.Length ?? 0) <= MaxSdpMidLength && c.SdpMLineIndex is null or >= 0 and <= MaxSdpMLineIndex
            && (c.UsernameFragment?.Length ?? 0) <= MaxUsernameFragmentLength,
        _ => false,
    };

    /// <summary>One, plus one for each whole kilobyte (1,024 characters) it carries, valid or not.</summary>
    [JsonIgnore]
    public int Weight => 1 + (int)(Characters / 1024);

    private long Characters =>
        (long)(Description?.Type?.Length ?? 0) + (Description?.Sdp?.Length ?? 0)
        + (Candidate?.Candidate?.Length ?? 0) + (Candidate?.SdpMid?.Length ?? 0) + (Candidate?.UsernameFragment?.Length ?? 0);
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
