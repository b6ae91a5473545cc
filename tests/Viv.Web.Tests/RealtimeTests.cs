using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

public sealed class RealtimeTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_hub_connection_without_a_login_cookie_is_refused()
    {
        using var stranger = fixture.NewSession();
        await using var hub = stranger.Hub();

        var connect = () => hub.StartAsync(TestContext.Current.CancellationToken);

        (await connect.Should().ThrowAsync<System.Net.WebSockets.WebSocketException>()).Which.Message.Should().Contain("'401'");
    }

    [Fact]
    public async Task A_connection_beyond_the_twenty_an_account_may_hold_is_closed_and_the_others_carry_on()
    {
        await using var user = await HubUser.SignIn(fixture.Server, "Many Tabs");
        var tabs = new List<HubConnection> { user.Hub };
        try
        {
            for (var i = 1; i < 20; i++)
            {
                var tab = user.Session.Hub();
                await tab.StartAsync(TestContext.Current.CancellationToken);
                tabs.Add(tab);
            }
            await using var oneTooMany = user.Session.Hub();

            var start = () => oneTooMany.StartAsync(TestContext.Current.CancellationToken);

            await start.Should().ThrowAsync<Exception>("the server closes it before the handshake");
            oneTooMany.State.Should().Be(HubConnectionState.Disconnected);
            foreach (var tab in tabs)
            {
                (await tab.InvokeAsync<string>("Node", TestContext.Current.CancellationToken)).Should().NotBeNullOrEmpty();
            }
        }
        finally
        {
            foreach (var tab in tabs.Skip(1))
            {
                await tab.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Every_open_connection_hears_when_the_account_signs_in_elsewhere()
    {
        var username = VivSession.NewUsername();
        using var laptop = fixture.NewSession();
        await laptop.Register(username);
        await using var tab1 = laptop.Hub();
        await using var tab2 = laptop.Hub();
        var heard = Channel.CreateUnbounded<(string Tab, JsonElement Payload)>();
        tab1.On<JsonElement>("signedInElsewhere", p => heard.Writer.TryWrite(("tab1", p)));
        tab2.On<JsonElement>("signedInElsewhere", p => heard.Writer.TryWrite(("tab2", p)));
        await tab1.StartAsync(TestContext.Current.CancellationToken);
        await tab2.StartAsync(TestContext.Current.CancellationToken);
        using var phone = fixture.NewSession();

        var before = DateTimeOffset.UtcNow;
        (await phone.LogIn(username)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        var first = await heard.Reader.ReadAsync(deadline.Token);
        var second = await heard.Reader.ReadAsync(deadline.Token);
        new[] { first.Tab, second.Tab }.Should().BeEquivalentTo("tab1", "tab2");
        first.Payload.GetProperty("at").GetDateTimeOffset().Should().BeOnOrAfter(before.AddSeconds(-1));
    }

    [Fact]
    public async Task A_closed_connection_is_not_told_and_the_others_still_are()
    {
        var username = VivSession.NewUsername();
        using var laptop = fixture.NewSession();
        await laptop.Register(username);
        await using var closed = laptop.Hub();
        await using var open = laptop.Hub();
        var heardByClosed = 0;
        var heardByOpen = new TaskCompletionSource();
        closed.On<JsonElement>("signedInElsewhere", _ => Interlocked.Increment(ref heardByClosed));
        open.On<JsonElement>("signedInElsewhere", _ => heardByOpen.TrySetResult());
        await closed.StartAsync(TestContext.Current.CancellationToken);
        await open.StartAsync(TestContext.Current.CancellationToken);
        await closed.StopAsync(TestContext.Current.CancellationToken);
        using var phone = fixture.NewSession();

        await phone.LogIn(username);

        await heardByOpen.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        heardByClosed.Should().Be(0);
    }

    /// <summary>
    /// A connection is registered before its handshake completes, so the list read right after a
    /// contact's start says online. A close cannot be held back the same way (the server's socket
    /// answers the client's close frame at once), so leaving is bounded by the documented event:
    /// once any contact has heard "offline", every list read says offline. Repeated to catch the
    /// race the old order had (a start that returned before the server had registered it).
    /// </summary>
    [Fact]
    public async Task A_contact_list_read_right_after_a_contact_connects_or_is_heard_leaving_says_so_every_time()
    {
        using var alice = await ApiClient.Register(fixture.Server.BaseAddress, "Alice Watching");
        var friends = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ApiClient.Register(fixture.Server.BaseAddress, $"Friend {i} Coming And Going")));
        foreach (var friend in friends)
        {
            await alice.Post($"/api/v1/contacts/{friend.Id}/request");
            await friend.Post($"/api/v1/contacts/{alice.Id}/accept");
        }
        await using var watching = alice.Hub();
        var heard = friends.ToDictionary(f => f.Id, _ => Channel.CreateUnbounded<string>());
        watching.On<JsonElement>("presenceChanged", change =>
            heard[change.GetProperty("userId").GetGuid()].Writer.TryWrite(change.GetProperty("presence").GetString()!));
        await watching.StartAsync(TestContext.Current.CancellationToken);

        var seen = await Task.WhenAll(friends.Select(async friend =>
        {
            var seen = new List<string>();
            for (var round = 0; round < 10; round++)
            {
                await using var hub = friend.Hub();
                await hub.StartAsync(TestContext.Current.CancellationToken);
                seen.Add(await PresenceOf(friend, alice));
                await hub.StopAsync(TestContext.Current.CancellationToken);
                await HeardOffline(heard[friend.Id].Reader);
                seen.Add(await PresenceOf(friend, alice));
            }
            return string.Join(" ", seen);
        }));

        seen.Should().AllBe(string.Join(" ", Enumerable.Repeat("online offline", 10)));
        foreach (var friend in friends)
        {
            friend.Dispose();
        }
    }

    private static async Task HeardOffline(ChannelReader<string> heard)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (await heard.ReadAsync(deadline.Token) != "offline")
        {
        }
    }

    private static async Task<string> PresenceOf(ApiClient contact, ApiClient reader) =>
        (await reader.Get("/api/v1/contacts")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("user").GetProperty("id").GetGuid() == contact.Id)
            .GetProperty("presence").GetString()!;
}
