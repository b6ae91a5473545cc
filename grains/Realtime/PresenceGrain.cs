using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Viv.Calls;
using Viv.Contacts;
using Viv.Hosting;
using Viv.Telemetry;

namespace Viv.Realtime;

public sealed class PresenceGrain([FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IPresenceGrain
{
    /// <summary>How often leases are checked: a dead node's users go offline within Duration plus this.</summary>
    private static readonly TimeSpan ExpiryCheck = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, LiveConnection> _connections = [];

    /// <summary>
    /// Connections closed here, kept for a lease: a node's renewal is a snapshot taken before its
    /// round of calls, so one that crosses a disconnect must not bring the closed connection back
    /// (it would show its user online for a whole lease).
    /// </summary>
    private readonly Dictionary<string, DateTimeOffset> _closed = [];
    private PresenceState _presence = PresenceState.Unknown;
    private DateTimeOffset _stamped = DateTimeOffset.MinValue;
    private IGrainTimer? _expiry;
    private Guid? _call;
    private readonly RingingCalls _ringing = new(clock);

    private Guid Me => this.GetPrimaryKey();

    public async Task<bool> Connect(ConnectionLease connection, IClientRelay relay)
    {
        if (!_connections.ContainsKey(connection.ConnectionId) && _connections.Count >= ConnectionLease.MaxPerUser)
        {
            return false;
        }
        _closed.Remove(connection.ConnectionId);
        await Hold([connection], relay);
        return true;
    }

    public Task Disconnect(string connectionId)
    {
        Close(connectionId);
        return Announce();
    }

    public async Task EndSession(Guid sessionId)
    {
        var ended = _connections.Where(c => c.Value.Session == sessionId).ToList();
        foreach (var (id, _) in ended)
        {
            Close(id);
        }
        foreach (var node in ended.GroupBy(c => c.Value.Relay, c => c.Key))
        {
            await node.Key.Close([.. node]);
        }
        await Announce();
    }

    /// <summary>
    /// A web node's renewal. A connection it renews that this grain does not hold was forgotten: this
    /// activation replaced one lost with a silo, or the lease ran out. Events meant for it went nowhere
    /// meanwhile, and a call it is in is no longer known here, so it is told (<see cref="PresenceRestored"/>).
    /// </summary>
    public async Task Renew(IReadOnlyList<ConnectionLease> connections, IClientRelay relay)
    {
        List<string> forgotten = [.. connections.Select(c => c.ConnectionId).Where(id => !_connections.ContainsKey(id) && !_closed.ContainsKey(id))];
        await Hold(connections, relay);
        if (forgotten.Count > 0)
        {
            await relay.Deliver(forgotten, new PresenceRestored());
        }
    }

    private Task Hold(IReadOnlyList<ConnectionLease> connections, IClientRelay relay)
    {
        var expires = clock.GetUtcNow() + ConnectionLease.Duration;
        foreach (var connection in connections.Where(c => !_closed.ContainsKey(c.ConnectionId)))
        {
            _connections[connection.ConnectionId] = new LiveConnection(connection.Device, connection.Session, relay, expires);
        }
        _expiry ??= this.RegisterGrainTimer(ForgetExpired, ExpiryCheck, ExpiryCheck);
        return Announce();
    }

    public async Task Deliver(ClientEvent clientEvent)
    {
        _ringing.Saw(clientEvent);
        // Routed before the first await: other turns interleave with this one and may change the connections.
        foreach (var route in Routes())
        {
            await route.Relay.Deliver(route.ConnectionIds, clientEvent);
        }
    }

    public Task<IReadOnlyList<Route>> GetRoutes() => Task.FromResult(Routes());

    private IReadOnlyList<Route> Routes() =>
        [.. _connections.GroupBy(c => c.Value.Relay, c => c.Key).Select(g => new Route(g.Key, [.. g]))];

    public Task<PresenceState> GetPresence() => Task.FromResult(_presence);

    public Task<PresenceReading> ReadPresence() => Task.FromResult(new PresenceReading(_presence, Stamp()));

    public async Task<bool> EnterCall(Guid callId)
    {
        if (_call is { } current && current != callId && await StillIn(current))
        {
            return false;
        }
        _call = callId;
        await Announce();
        return true;
    }

    public Task LeaveCall(Guid callId)
    {
        if (_call != callId)
        {
            return Task.CompletedTask;
        }
        _call = null;
        return Announce();
    }

    public async Task<Guid?> GetCall() => _call is { } current && await StillIn(current) ? current : null;

    /// <summary>
    /// Whether I am still in the call I entered, as its room says: a room lost with its silo before it
    /// kept anything (a call that only rang) never tells me I left, and I would stay "in a call", unable
    /// to call or be rung, for as long as this grain lives. A room that kept its call comes back to answer.
    /// </summary>
    private async Task<bool> StillIn(Guid callId)
    {
        if (await GrainFactory.GetGrain<ICallRoomGrain>(callId).Includes(Me))
        {
            return true;
        }
        if (_call == callId)
        {
            _call = null;
            await Announce();
        }
        return false;
    }

    public Task<IReadOnlyList<IncomingCall>> GetRinging() => Task.FromResult(_ringing.Now());

    public Task<int> GetConnectionCount() => Task.FromResult(_connections.Count);

    public Task<bool> Holds(string connectionId) => Task.FromResult(_connections.ContainsKey(connectionId));

    private void Close(string connectionId)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, forgetAt) in _closed)
        {
            if (forgetAt <= now)
            {
                _closed.Remove(id);
            }
        }
        if (_connections.Remove(connectionId))
        {
            _closed[connectionId] = now + ConnectionLease.Duration;
        }
    }

    private Task ForgetExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, connection) in _connections)
        {
            if (connection.Expires <= now)
            {
                _connections.Remove(id);
            }
        }
        return Announce();
    }

    /// <summary>Tells contacts accepted on both sides when what they see of me changes.</summary>
    private async Task Announce()
    {
        var presence = Current();
        if (presence == _presence.Presence)
        {
            return;
        }
        var startedAt = Stopwatch.GetTimestamp();
        VivMetrics.PresenceMoved(_presence.Presence, presence);
        _presence = new PresenceState(presence, Stamp());
        if (presence == Presence.Offline)
        {
            _expiry?.Dispose();
            _expiry = null;
        }
        var change = new PresenceChanged(Me, _presence.Presence, _presence.Since);
        var contacts = await GrainFactory.GetGrain<IContactListGrain>(Me).GetMutualContacts();
        // One message per web node rather than one per contact: the node serializes the event once
        // and writes it to every recipient it holds (measured in BENCHMARKS.md, presence fan-out).
        var routes = await Task.WhenAll(contacts.Select(c => GrainFactory.GetGrain<IPresenceGrain>(c).GetRoutes()));
        await Task.WhenAll(routes.SelectMany(r => r)
            .GroupBy(r => r.Relay, r => r.ConnectionIds)
            .Select(node => node.Key.Deliver([.. node.SelectMany(ids => ids)], change)));
        VivMetrics.PresenceFannedOut(contacts.Count, startedAt);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        VivMetrics.PresenceMoved(_presence.Presence, Presence.Offline);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every time a presence event about me carries is given out here, in this grain's turns, each
    /// later than the last even when the clock has not moved: a change then orders after every reading
    /// taken before it and before every reading taken after, whatever path each travels to a page (pages
    /// keep the newest, and an equal time would leave it to the order of arrival). It is "now" to
    /// whoever reads it, so an offline contact's time still tells nothing of when they left. Only this
    /// activation's times are ordered so; a new one, on another silo's clock, starts from that clock.
    /// </summary>
    private DateTimeOffset Stamp()
    {
        var now = clock.GetUtcNow();
        _stamped = now > _stamped ? now : _stamped.AddTicks(1);
        return _stamped;
    }

    private Presence Current() => _connections.Count == 0 ? Presence.Offline
        : _call is not null ? Presence.InCall
        : _connections.Values.Any(c => c.Device == DeviceKind.Browser) ? Presence.Online
        : Presence.Mobile;

    private sealed record LiveConnection(DeviceKind Device, Guid Session, IClientRelay Relay, DateTimeOffset Expires);
}
