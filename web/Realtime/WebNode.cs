using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Viv.Accounts;
using Viv.Calls;
using Viv.Realtime;
using Viv.Telemetry;
using Viv.Web.Accounts;

namespace Viv.Web.Realtime;

/// <summary>
/// The connections this web node holds. It registers each with the user's presence grain and
/// renews their leases, so a presence grain rebuilt after a silo loss learns them again and a
/// node that dies takes its connections with it once their leases run out.
/// </summary>
public sealed partial class WebNode(
    IGrainFactory grains, HubClientRelay relay, HeldConnections held, CallTabs calls, IHostApplicationLifetime lifetime, ILogger<WebNode> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, Guid> _calls = new();
    private readonly Lazy<IClientRelay> _relayReference = new(() => grains.CreateObjectReference<IClientRelay>(relay));

    /// <summary>How grains reach the connections this node holds.</summary>
    public IClientRelay Relay => _relayReference.Value;

    /// <summary>
    /// Relays a signal itself when this node holds both tabs of the call it goes between, as the call's
    /// room last told it (<see cref="CallTabs"/>): no grain is asked. False when the room must relay it.
    /// </summary>
    public async Task<bool> RelayedHere(Guid callId, Guid from, string connectionId, Guid to, CallSignal? signal)
    {
        if (signal?.IsValid != true || calls.LocalTabOf(callId, from, connectionId, to) is not { } tab)
        {
            return false;
        }
        await relay.Deliver([tab], new CallSignalled(callId, from, signal));
        return true;
    }

    /// <summary>Remembers which call a connection is in, so its loss can be reported to the call.</summary>
    public void JoinedCall(string connectionId, Guid callId) => _calls[connectionId] = callId;

    /// <summary>
    /// Holds a hub connection for its whole life, around SignalR's own handling of it. The
    /// connection is registered with the user's presence grain before the SignalR handshake, so a
    /// client whose start has completed is already present to every contact list that is read
    /// (the hub's OnConnectedAsync runs only after the client has been told it is connected). Over
    /// the cap of open connections it is closed before the handshake and never counts as present.
    /// A session that ended after the sign-in check but before the presence grain knew of this
    /// connection could not have it closed, so the session is asked once more after registering.
    /// </summary>
    public async Task Hold(ConnectionContext connection, Func<Task> hub)
    {
        var principal = connection.Features.Get<IConnectionUserFeature>()!.User!;
        var (user, session) = (principal.UserId(), principal.SessionId()!.Value);
        var request = connection.Features.Get<IHttpContextFeature>()?.HttpContext?.Request;
        var device = request?.Query["device"].ToString() == "mobile" ? DeviceKind.Mobile : DeviceKind.Browser;
        ForgetCookies(request);
        var lease = new ConnectionLease(connection.ConnectionId, device, session);
        held.Add(connection, user, lease);
        VivMetrics.ConnectionOpened(device);
        try
        {
            if (await grains.GetGrain<IPresenceGrain>(user).Connect(lease, Relay)
                && await grains.GetGrain<IDeviceSessionGrain>(session).GetActiveUser() == user)
            {
                await hub();
            }
        }
        finally
        {
            held.Remove(lease.ConnectionId);
            VivMetrics.ConnectionClosed(device);
            await grains.GetGrain<IPresenceGrain>(user).Disconnect(lease.ConnectionId);
        }
    }

    /// <summary>
    /// The request that opened a connection lives as long as its WebSocket, and with it the session
    /// cookie twice (the header and its parsed copy): 2.9 KB of the 30 of live objects an idle
    /// connection kept (BENCHMARKS.md, connections). Its user is known by now and nothing reads them again.
    /// </summary>
    private static void ForgetCookies(HttpRequest? request)
    {
        if (request is not null)
        {
            request.Headers.Cookie = default;
            request.HttpContext.Features.Set<IRequestCookiesFeature>(null);
        }
    }

    /// <summary>
    /// A clean close means the page went away (closed, reloaded, navigated): its call ends now. A
    /// close with an error is a network loss, and so is this node shutting down: the call waits for
    /// the page to reconnect (through another node) and rejoin.
    /// </summary>
    public async Task LeaveCall(Guid user, string connectionId, bool pageClosed)
    {
        if (_calls.TryRemove(connectionId, out var callId))
        {
            calls.Closed(callId, connectionId);
            var pageWentAway = pageClosed && !lifetime.ApplicationStopping.IsCancellationRequested;
            await grains.GetGrain<ICallRoomGrain>(callId).ConnectionLost(user, connectionId, pageWentAway);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ConnectionLease.RenewalInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RenewLeases();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRenewalFailed(e, held.Count);
            }
        }
    }

    private Task RenewLeases() => Task.WhenAll(held.LeasesByUser()
        .Select(user => grains.GetGrain<IPresenceGrain>(user.Key).Renew([.. user], Relay)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the leases of {Count} connections failed; the next round retries")]
    private partial void LogRenewalFailed(Exception exception, int count);
}
