using Microsoft.Extensions.DependencyInjection;
using Viv.Hosting;
namespace Viv.Realtime;

public sealed class PresenceGrain([FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IPresenceGrain
{
    private readonly Dictionary<string, LiveConnection> _connections = [];

    public Task Connect(ConnectionLease connection, IClientRelay relay) => Renew([connection], relay);

    public Task Disconnect(string connectionId)
    {
        _connections.Remove(connectionId);
        return Task.CompletedTask;
    }

    public Task Renew(IReadOnlyList<ConnectionLease> connections, IClientRelay relay)
    {
        var expires = clock.GetUtcNow() + ConnectionLease.Duration;
        foreach (var connection in connections)
        {
            _connections[connection.ConnectionId] = new LiveConnection(connection.Device, relay, expires);
        }
        return Task.CompletedTask;
    }

    public async Task Deliver(ClientEvent clientEvent)
    {
        ForgetExpired();
        foreach (var node in _connections.GroupBy(c => c.Value.Relay))
        {
            await node.Key.Deliver([.. node.Select(c => c.Key)], clientEvent);
        }
    }

    public Task<int> GetConnectionCount()
    {
        ForgetExpired();
        return Task.FromResult(_connections.Count);
    }

    private void ForgetExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, connection) in _connections)
        {
            if (connection.Expires <= now)
            {
                _connections.Remove(id);
            }
        }
    }

    private sealed record LiveConnection(DeviceKind Device, IClientRelay Relay, DateTimeOffset Expires);
}
