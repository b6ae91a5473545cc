using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>Embedded mode keeps everything in its data directory: a restarted process knows every account.</summary>
[RunsLong]
public sealed class RestartTests
{
    [Fact]
    public async Task Accounts_pictures_the_push_key_and_video_messages_survive_a_restart_of_the_process()
    {
        await using var server = await VivServer.Start();
        var username = VivSession.NewUsername();
        using (var before = new VivSession(server.BaseAddress))
        {
            await before.Register(username, "Barbara Liskov", picture: (TestImages.Png(), "me.png", "image/png"));
        }
        using var device = await ApiClient.Register(server.BaseAddress, "Pushed Person");
        var pushKey = (await device.Get("/api/v1/push/key")).GetProperty("publicKey").GetString()!;
        Guid message;
        (Guid Id, string Username) recipient;
        await using (var caller = await HubUser.SignIn(server.BaseAddress, "Leaves Before Restart"))
        await using (var callee = await HubUser.SignIn(server.BaseAddress, "Hears After Restart"))
        {
            await caller.BecomeContacts(callee);
            await callee.GoOfflineSeenBy(caller);
            message = await LeftMessages.Leave(caller, callee.Id);
            recipient = (callee.Id, callee.Username);
        }

        await server.Restart();

        using var after = new VivSession(server.BaseAddress);
        var login = await after.LogIn(username);
        var home = await after.Http.GetStringAsync("/");
        var src = System.Text.RegularExpressions.Regex.Match(home, "src=\"(/users/[^\"]+/picture\\?v=1)\"").Groups[1].Value;
        var picture = await after.Http.GetByteArrayAsync(src);

        login.StatusCode.Should().Be(HttpStatusCode.Redirect, server.Output);
        home.Should().Contain("Hello, Barbara Liskov");
        TestImages.IsWebP(picture).Should().BeTrue();
        using var deviceAgain = await ApiClient.SignIn(server.BaseAddress, device.Id, device.Username);
        (await deviceAgain.Get("/api/v1/push/key")).GetProperty("publicKey").GetString().Should().Be(pushKey, "a device's subscription is bound to the key: a new one would silence it");
        System.Buffers.Text.Base64Url.DecodeFromChars(pushKey).Should().HaveCount(65).And.StartWith([4], "an uncompressed P-256 point");
        using var recipientAgain = await ApiClient.SignIn(server.BaseAddress, recipient.Id, recipient.Username);
        using var played = await recipientAgain.Send(HttpMethod.Get, $"/api/v1/video-messages/{message}");
        played.StatusCode.Should().Be(HttpStatusCode.OK, "a message is kept in the data directory, its key in grain state");
        (await played.Content.ReadAsByteArrayAsync()).Should().StartWith([0x1A, 0x45, 0xDF, 0xA3], "it decrypts to the recording");
    }

    [Fact]
    public async Task Every_acknowledged_registration_and_friend_request_survives_a_kill_9_in_the_middle_of_a_burst()
    {
        await using var server = await VivServer.Start();
        var (starSession, starId, starName) = await HubUser.Register(server.BaseAddress, "Crash Star");
        starSession.Dispose();
        var registered = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, string Username)>();
        var requested = new System.Collections.Concurrent.ConcurrentBag<Guid>();

        // Four people at a time register and at once ask the star to be a contact; whatever was
        // answered before the kill was acknowledged, and must be there after it.
        async Task Burst(int worker)
        {
            for (var i = 0; ; i++)
            {
                try
                {
                    var (session, id, username) = await HubUser.Register(server.BaseAddress, $"Crash {worker}-{i}");
                    registered.Add((id, username));
                    await using var hub = session.Hub();
                    await hub.StartAsync();
                    if ((await hub.InvokeAsync<JsonElement>("ChangeContact", starId, "request")).GetProperty("ok").GetBoolean())
                    {
                        requested.Add(id);
                    }
                    session.Dispose();
                }
                // Whatever failed at the kill was never acknowledged. A connection the kill cut between
                // its connect and its first read throws a bare SocketException from the HTTP client.
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException or OperationCanceledException
                    or System.Net.WebSockets.WebSocketException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    return;
                }
            }
        }
        var workers = Enumerable.Range(0, 4).Select(Burst).ToList();
        while (requested.Count < 12)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await server.CrashAndRestart();
        await Task.WhenAll(workers);
        TestContext.Current.TestOutputHelper?.WriteLine($"Acknowledged before the kill: {registered.Count} registrations, {requested.Count} requests.");

        using var star = new VivSession(server.BaseAddress);
        (await star.LogIn(starName)).StatusCode.Should().Be(HttpStatusCode.Redirect, server.Output);
        await using var starHub = star.Hub();
        await starHub.StartAsync(TestContext.Current.CancellationToken);
        var contacts = (await starHub.InvokeAsync<JsonElement>("Contacts", TestContext.Current.CancellationToken)).EnumerateArray()
            .ToDictionary(c => c.GetProperty("profile").GetProperty("id").GetGuid(), c => c.GetProperty("relationship").GetString());
        foreach (var (id, username) in registered)
        {
            using var person = new VivSession(server.BaseAddress);
            (await person.LogIn(username)).StatusCode.Should().Be(HttpStatusCode.Redirect, $"{username} was registered before the kill");
            if (requested.Contains(id))
            {
                contacts.Should().Contain(id, "pending", $"{username}'s request was acknowledged before the kill");
                await using var hub = person.Hub();
                await hub.StartAsync(TestContext.Current.CancellationToken);
                (await hub.InvokeAsync<JsonElement>("Contacts", TestContext.Current.CancellationToken)).EnumerateArray()
                    .Single().GetProperty("relationship").GetString().Should().Be("requested");
            }
        }
        await using var store = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "viv.db")};Mode=ReadOnly");
        await store.OpenAsync(TestContext.Current.CancellationToken);
        await using var check = store.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        (await check.ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().Be("ok", "the store opens cleanly after the kill");
    }
}
