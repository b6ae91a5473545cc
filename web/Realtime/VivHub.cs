using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Viv.Realtime;
using Viv.Web.Accounts;

namespace Viv.Web.Realtime;

/// <summary>The one persistent connection a client keeps; thin: it names the caller and hands over to grains.</summary>
[Authorize]
public sealed class VivHub(WebNode node) : Hub
{
    public override Task OnConnectedAsync()
    {
        var device = Context.GetHttpContext()?.Request.Query["device"].ToString() == "mobile" ? DeviceKind.Mobile : DeviceKind.Browser;
        return node.Connect(Context.User!.UserId(), new ConnectionLease(Context.ConnectionId, device));
    }

    public override Task OnDisconnectedAsync(Exception? exception) =>
        node.Disconnect(Context.User!.UserId(), Context.ConnectionId);
}
