namespace Viv.Calls;

/// <summary>
/// Keyed by call id: who is in the call, the ringing invitation and its timeout, who may signal
/// whom, and the record of the call when it ends. Lives in memory: a call does not outlive its silo.
/// An ended call stays in memory until idle collection, answering "ended" to late actions; an id
/// the grain has never seen answers "ended" too.
/// </summary>
[Alias("viv.ICallRoomGrain")]
public interface ICallRoomGrain : IGrainWithGuidKey
{
    [Alias("Start")]
    Task<CallError> Start(CallEnd caller, Guid callee, CallKind kind);

    [Alias("Answer")]
    Task<CallError> Answer(CallEnd callee, bool accept);

    [Alias("Signal")]
    Task<CallError> Signal(Guid userId, string connectionId, CallSignal signal);

    [Alias("HangUp")]
    Task<CallError> HangUp(Guid userId);

    /// <summary>The participant's tab reconnected with a new connection id.</summary>
    [Alias("Rejoin")]
    Task<CallError> Rejoin(CallEnd end);

    /// <summary>A participant's connection closed: at once if the page went away, after a grace period if the network did.</summary>
    [Alias("ConnectionLost")]
    Task ConnectionLost(Guid userId, string connectionId, bool pageClosed);
}
