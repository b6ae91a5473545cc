using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Viv.Realtime;

namespace Viv.Web.Realtime;

/// <summary>
/// The hub connections this web node holds: whose each is, its lease, and the connection itself,
/// so that a grain can have it closed when its session ends.
/// </summary>
public sealed class HeldConnections
{
    private readonly ConcurrentDictionary<string, Held> _held = new();

    public int Count => _held.Count;

    public void Add(ConnectionContext connection, Guid user, ConnectionLease lease) =>
        _held[connection.ConnectionId] = new Held(connection, user, lease, Caller: null, Closed: false);

    public void Remove(string connectionId) => _held.TryRemove(connectionId, out _);

    public IEnumerable<IGrouping<Guid, ConnectionLease>> LeasesByUser() => _held.Values.GroupBy(h => h.User, h => h.Lease);

    /// <summary>Called once the hub has the connection, so that closing it goes through SignalR (see <see cref="Close"/>).</summary>
    public void Attach(HubCallerContext caller)
    {
        while (_held.TryGetValue(caller.ConnectionId, out var held))
        {
            if (held.Closed)
            {
                caller.Abort();
                return;
            }
            if (_held.TryUpdate(caller.ConnectionId, held with { Caller = caller }, held))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Marks the connections closed, so nothing they still send runs (<see cref="SessionFilter"/>),
    /// and ends them. Through the hub when it has them: SignalR then sends what was written before
    /// (the page's <c>sessionEnded</c>) and a close that forbids reconnecting, where aborting the
    /// transport would drop both.
    /// </summary>
    public void Close(IEnumerable<string> connectionIds)
    {
        foreach (var id in connectionIds)
        {
            // TryUpdate, not an assignment: a connection that ended or was attached meanwhile is read again.
            while (_held.TryGetValue(id, out var held) && !held.Closed)
            {
                if (_held.TryUpdate(id, held with { Closed = true }, held))
                {
                    if (held.Caller is { } caller)
                    {
                        caller.Abort();
                    }
                    else
                    {
                        held.Connection.Abort();
                    }
                    break;
                }
            }
        }
    }

    /// <summary>Whether this node holds the connection, open.</summary>
    public bool Holds(string connectionId) => _held.TryGetValue(connectionId, out var held) && !held.Closed;

    public bool IsClosed(string connectionId) => _held.TryGetValue(connectionId, out var held) && held.Closed;

    private sealed record Held(ConnectionContext Connection, Guid User, ConnectionLease Lease, HubCallerContext? Caller, bool Closed);
}
