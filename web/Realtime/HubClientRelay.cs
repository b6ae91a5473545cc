using Microsoft.AspNetCore.SignalR;
using Viv.Realtime;

namespace Viv.Web.Realtime;

/// <summary>This node's end of the delivery path: grains call it, it writes to the SignalR connections it holds.</summary>
public sealed class HubClientRelay(IHubContext<VivHub> hub) : IClientRelay
{
    public Task Deliver(IReadOnlyList<string> connectionIds, ClientEvent clientEvent) =>
        hub.Clients.Clients(connectionIds).SendAsync(clientEvent.Method, clientEvent);
}
