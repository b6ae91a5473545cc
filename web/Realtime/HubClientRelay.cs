using Microsoft.AspNetCore.SignalR;
using Viv.Calls;
using Viv.Realtime;
using Viv.Telemetry;

namespace Viv.Web.Realtime;

/// <summary>This node's end of the delivery path: grains call it, it writes to the SignalR connections it holds and closes them.</summary>
public sealed class HubClientRelay(IHubContext<VivHub> hub, HeldConnections held, CallTabs calls) : IClientRelay
{
    /// <summary>What a page hears just before its connection is closed because its session ended: it goes to the login page instead of reconnecting.</summary>
    public const string SessionEnded = "sessionEnded";

    public Task Deliver(IReadOnlyList<string> connectionIds, ClientEvent clientEvent)
    {
        VivMetrics.SignalLeaving(clientEvent);
        return Send(connectionIds, clientEvent.Method, [clientEvent]);
    }

    public async Task Close(IReadOnlyList<string> connectionIds)
    {
        await Send(connectionIds, SessionEnded, []);
        held.Close(connectionIds);
    }

    public Task SetCallTabs(Guid callId, IReadOnlyList<CallEnd> tabs)
    {
        calls.Set(callId, tabs);
        return Task.CompletedTask;
    }

    /// <summary>
    /// To each connection by its id: SignalR's own send to a list of connections walks every connection
    /// the node holds, asking of each whether the list names it, so every event cost more the more
    /// people the node held.
    /// </summary>
    private Task Send(IReadOnlyList<string> connectionIds, string method, object?[] args) => connectionIds.Count == 1
        ? hub.Clients.Client(connectionIds[0]).SendCoreAsync(method, args)
        : Task.WhenAll(connectionIds.Select(id => hub.Clients.Client(id).SendCoreAsync(method, args)));
}
