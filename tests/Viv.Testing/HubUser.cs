using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Testing;

/// <summary>A registered user with an open hub connection, as a native client or a page holds it (web tests and the benchmarks).</summary>
public sealed partial record HubUser(VivSession Session, HubConnection Hub, Guid Id, string Username) : IAsyncDisposable
{
    public static Task<HubUser> SignIn(VivServer server, string fullName) => SignIn(server.BaseAddress, fullName);

    public static async Task<HubUser> SignIn(Uri baseAddress, string fullName)
    {
        var (session, id, username) = await Register(baseAddress, fullName);
        var hub = session.Hub();
        await hub.StartAsync();
        return new HubUser(session, hub, id, username);
    }

    /// <summary>Registers a new user (signed in by the cookie) without connecting to the hub yet.</summary>
    public static async Task<(VivSession Session, Guid Id, string Username)> Register(Uri baseAddress, string fullName)
    {
        var session = new VivSession(baseAddress);
        var username = VivSession.NewUsername();
        var registered = await session.Register(username, fullName);
        if (registered.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Registering {username} answered {(int)registered.StatusCode}: {await VivSession.Alert(registered)}");
        }
        var id = Guid.Parse(PictureOwner().Match(await session.Http.GetStringAsync("/")).Groups[1].Value);
        return (session, id, username);
    }

    public async Task BecomeContacts(HubUser other)
    {
        await ChangeContact(this, other, "request");
        await ChangeContact(other, this, "accept");
    }

    private static async Task ChangeContact(HubUser actor, HubUser other, string action)
    {
        var reply = await actor.Hub.InvokeAsync<System.Text.Json.JsonElement>("ChangeContact", other.Id, action);
        if (!reply.GetProperty("ok").GetBoolean())
        {
            throw new InvalidOperationException($"{actor.Username} could not {action} {other.Username}: {reply}");
        }
    }

    /// <summary>
    /// Closes this person's connection and waits until <paramref name="contact"/> hears them go offline: the
    /// client's stop returns before the server has taken the connection off their presence, so a call placed
    /// at once could still ring them (x43: a call meant to be unavailable rang).
    /// </summary>
    public async Task GoOfflineSeenBy(HubUser contact)
    {
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (contact.Hub.On<System.Text.Json.JsonElement>("presenceChanged", e =>
        {
            if (e.GetProperty("userId").GetGuid() == Id && e.GetProperty("presence").GetString() == "offline")
            {
                gone.TrySetResult();
            }
        }))
        {
            await Hub.StopAsync();
            await gone.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Session.Dispose();
    }

    [GeneratedRegex("/users/([0-9a-f-]{36})/picture")]
    private static partial Regex PictureOwner();
}
