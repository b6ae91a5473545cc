using Orleans.Concurrency;

namespace Viv.Realtime;

/// <summary>
/// Keyed by user id: the user's live connections, on whatever web nodes hold them, and the one
/// place that delivers an event to all of them. Volatile by design: web nodes renew their
/// connections' leases, which also rebuilds this grain after a silo loss.
/// </summary>
[Alias("viv.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithGuidKey
{
    /// <summary>False, and nothing registered, when the user already holds <see cref="ConnectionLease.MaxPerUser"/> connections.</summary>
    [Alias("Connect")]
    Task<bool> Connect(ConnectionLease connection, IClientRelay relay);

    [Alias("Disconnect")]
    Task Disconnect(string connectionId);

    /// <summary>Closes every connection the session opened, on whatever web node holds it; called as the session is revoked.</summary>
    [Alias("EndSession")]
    Task EndSession(Guid sessionId);

    /// <summary>Extends the leases of these connections, adding any this grain has forgotten.</summary>
    [Alias("Renew")]
    Task Renew(IReadOnlyList<ConnectionLease> connections, IClientRelay relay);

    /// <summary>Interleaves: presence grains deliver to each other while fanning out, and must never wait on each other.</summary>
    [AlwaysInterleave, Alias("Deliver")]
    Task Deliver(ClientEvent clientEvent);

    /// <summary>
    /// Where this user's connections are, one route per web node. A fan-out asks every recipient
    /// for theirs and sends one message per web node, which writes it to all its recipients at once.
    /// </summary>
    [AlwaysInterleave, Alias("GetRoutes")]
    Task<IReadOnlyList<Route>> GetRoutes();

    [AlwaysInterleave, Alias("GetPresence")]
    Task<PresenceState> GetPresence();

    /// <summary>
    /// My presence with a time given out as it is read. Whoever tells my presence "as of now" (a
    /// contact list) tells this time, never one of its own: taken after the reply, its own could fall
    /// after a change this grain made and told meanwhile, and override it on every page.
    /// </summary>
    [AlwaysInterleave, Alias("ReadPresence")]
    Task<PresenceReading> ReadPresence();

    /// <summary>Marks the user as in this call unless they are in another one already; "In a call" to contacts.</summary>
    [Alias("EnterCall")]
    Task<bool> EnterCall(Guid callId);

    [Alias("LeaveCall")]
    Task LeaveCall(Guid callId);

    [AlwaysInterleave, Alias("GetCall")]
    Task<Guid?> GetCall();

    /// <summary>The calls ringing me now, for a page that opens while one rings.</summary>
    [AlwaysInterleave, Alias("GetRinging")]
    Task<IReadOnlyList<Calls.IncomingCall>> GetRinging();

    [AlwaysInterleave, Alias("GetConnectionCount")]
    Task<int> GetConnectionCount();

    /// <summary>Whether a web node holds this connection of mine: it is open, or its lease has not run out.</summary>
    [AlwaysInterleave, Alias("Holds")]
    Task<bool> Holds(string connectionId);
}
