namespace Viv.Calls;

/// <summary>
/// Why a call ended for someone, or why someone left it: a stable code on the wire (camelCase in
/// JSON: <c>noAnswer</c>, <c>hungUp</c>, ...) that the page turns into words. Blocking has no reason
/// of its own: a ringing it closes reads as <see cref="NoAnswer"/>, so nobody learns why.
/// </summary>
public enum CallEndReason
{
    NoAnswer,
    Rejected,
    Busy,
    Cancelled,
    HungUp,
    ConnectionLost,
}
