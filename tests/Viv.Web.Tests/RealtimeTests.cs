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
            var closed = new TaskCompletionSource<Exception?>();
            oneTooMany.Closed += error => Task.FromResult(closed.TrySetResult(error));

            var start = async () =>
            {
                await oneTooMany.StartAsync(TestContext.Current.CancellationToken);
                await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            };

            await start.Should().NotThrowAsync("the server closes it right after it opens");
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
}
