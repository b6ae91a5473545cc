using Microsoft.AspNetCore.SignalR;
using Viv.Realtime;
using Viv.Telemetry;

namespace Viv.Web.Realtime;

/// <summary>This node's end of the delivery path: grains call it, it writes to the SignalR connections it holds and closes them.</summary>
public sealed class HubClientRelay(IHubContext<VivHub> hub, HeldConnections held) : IClientRelay
{
    /// <summary>What a page hears just before its connection is closed because its session ended: it goes to the login page instead of reconnecting.</summary>
    public const string SessionEnded = "sessionEnded";

    public Task Deliver(IReadOnlyList<string> connectionIds, ClientEvent clientEvent)
    {
        VivMetrics.SignalLeaving(clientEvent);
        return hub.Clients.Clients(connectionIds).SendAsync(clientEvent.Method, clientEvent);
    }

    public async Task Close(IReadOnlyList<string> connectionIds)
    {
        await hub.Clients.Clients(connectionIds).SendCoreAsync(SessionEnded, []);
        held.Close(connectionIds);
    }
}
