using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Viv.Benchmarks;

/// <summary>
/// The SignalR relay an ASP.NET Core developer writes first: a connection is the user its header names
/// (<c>Bench-User</c>, as a token would) and a signal goes to the recipient's connections with <c>Clients.User</c>.
/// No sign-in, no call, no checks, no Orleans: what is left is what SignalR itself costs.
/// </summary>
internal sealed class PlainHub : Hub
{
    public Task Signal(string to, JsonElement signal) =>
        Clients.User(to).SendAsync("signal", new { from = Context.UserIdentifier, signal });

    public const string UserHeader = "Bench-User";

    /// <summary>Who a connection is: the user its header names.</summary>
    internal sealed class UserFromHeader : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) => connection.GetHttpContext()?.Request.Headers[UserHeader];
    }
}
