namespace Viv.Media;

/// <summary>
/// Janus refused a request: its core (<c>"janus": "error"</c>, e.g. 403 for a wrong API secret, 465
/// for an offer that is not SDP) or the VideoRoom plugin (<c>error_code</c>, e.g. 433 for a wrong
/// admin key, 428 for a feed that is not publishing), with its own code and reason.
/// </summary>
public sealed class JanusException(int code, string reason)
    : Exception($"Janus refused the request: {code} {reason}")
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;
}
