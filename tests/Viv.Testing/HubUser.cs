using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Testing;

/// <summary>A registered user with an open hub connection, as a native client or a page holds it (web tests and the benchmarks).</summary>
public sealed partial record HubUser(VivSession Session, HubConnection Hub, Guid Id, string Username) : IAsyncDisposable
{
    public static Task<HubUser> SignIn(VivServer server, string fullName) => SignIn(server.BaseAddress, fullName);

    public static async Task<HubUser> SignIn(Uri baseAddress, string fullName)
    {
        var session = new VivSession(baseAddress);
        var username = VivSession.NewUsername();
        await session.Register(username, fullName);
        var id = Guid.Parse(PictureOwner().Match(await session.Http.GetStringAsync("/")).Groups[1].Value);
        var hub = session.Hub();
        await hub.StartAsync();
        return new HubUser(session, hub, id, username);
    }

    public async Task BecomeContacts(HubUser other)
    {
        await Hub.InvokeAsync<System.Text.Json.JsonElement>("Relate", other.Id, "request");
        await other.Hub.InvokeAsync<System.Text.Json.JsonElement>("Relate", Id, "accept");
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Session.Dispose();
    }

    [GeneratedRegex("/users/([0-9a-f-]{36})/picture")]
    private static partial Regex PictureOwner();
}
