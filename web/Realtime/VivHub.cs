using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Viv.Realtime;
using Viv.Roster;
using Viv.Web.Accounts;
using Viv.Web.Roster;

namespace Viv.Web.Realtime;

/// <summary>The one persistent connection a client keeps; thin: it names the caller and hands over to grains.</summary>
[Authorize]
public sealed class VivHub(WebNode node, IGrainFactory grains) : Hub
{
    private Guid Me => Context.User!.UserId();

    private IRosterGrain MyRoster => grains.GetGrain<IRosterGrain>(Me);

    public override Task OnConnectedAsync()
    {
        var device = Context.GetHttpContext()?.Request.Query["device"].ToString() == "mobile" ? DeviceKind.Mobile : DeviceKind.Browser;
        return node.Connect(Me, new ConnectionLease(Context.ConnectionId, device));
    }

    public override Task OnDisconnectedAsync(Exception? exception) => node.Disconnect(Me, Context.ConnectionId);

    /// <summary>The roster snapshot; called after connecting, so no change is lost between it and the deltas.</summary>
    public Task<IReadOnlyList<Contact>> Roster() => MyRoster.GetContacts();

    public Task<SearchResults> Search(string query, int page) => MyRoster.Search(query ?? "", page);

    public async Task<RelationshipReply> Relate(Guid userId, RelationshipAction action) =>
        RelationshipReply.From(await MyRoster.Act(userId, action));
}
