using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// Signals between two tabs that one web node holds go straight from one to the other, as the call's room
/// told the node; the node's own count of signals, scraped as Prometheus does, shows which way each went.
/// Viv of its own, so that nobody else's signals are counted.
/// </summary>
public sealed partial class NodeSignalTests : IAsyncLifetime
{
    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    private readonly int _scrapePort = VivServer.FreePort();
    private readonly HttpClient _http = new();
    private VivServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Metrics"] = $"http://127.0.0.1:{_scrapePort}" });

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static object Candidate(int n) => new { candidate = new { candidate = $"candidate:{n} 1 udp 2122260223 127.0.0.1 5000{n} typ host", sdpMid = "0", sdpMLineIndex = 0 } };

    /// <summary>Every signal this person's page is handed, with whom it came from.</summary>
    private static List<Guid> SignalsFrom(HubUser user)
    {
        var from = new List<Guid>();
        user.Hub.On<JsonElement>("signal", signal =>
        {
            lock (from)
            {
                from.Add(signal.GetProperty("from").GetGuid());
            }
        });
        return from;
    }

    /// <summary>Waits until the node has counted <paramref name="expected"/> signals relayed by <paramref name="route"/>.</summary>
    private Task<string> Relayed(string route, int expected) => Waiting.For(async () =>
    {
        var scraped = await _http.GetStringAsync($"http://127.0.0.1:{_scrapePort}/metrics", TestContext.Current.CancellationToken);
        var counted = RelayedSignals().Matches(scraped).Where(m => m.Groups["route"].Value == route)
            .Sum(m => long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture));
        return counted == expected ? scraped : null;
    }, $"{expected} signals relayed by the {route}");

    [Fact]
    public async Task Tabs_on_one_node_signal_straight_to_each_other_and_whoever_left_or_another_tab_cannot_signal_either_way()
    {
        await using var host = await HubUser.SignIn(_server, "Host Node");
        await using var guest = await HubUser.SignIn(_server, "Guest Node");
        await using var third = await HubUser.SignIn(_server, "Third Node");
        await host.BecomeContacts(guest);
        await host.BecomeContacts(third);
        var started = await host.Hub.InvokeAsync<Reply>("StartCall", guest.Id, "video");
        var callId = started.CallId!.Value;
        (await guest.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        (await host.Hub.InvokeAsync<Reply>("Invite", callId, third.Id)).Ok.Should().BeTrue();
        (await third.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        var (atHost, atGuest, atThird) = (SignalsFrom(host), SignalsFrom(guest), SignalsFrom(third));
        await using var hostsOtherTab = host.Session.Hub();
        await hostsOtherTab.StartAsync();

        (await host.Hub.InvokeAsync<Reply>("Signal", callId, guest.Id, Candidate(1))).Ok.Should().BeTrue();
        (await guest.Hub.InvokeAsync<Reply>("Signal", callId, third.Id, Candidate(2))).Ok.Should().BeTrue();
        (await third.Hub.InvokeAsync<Reply>("Signal", callId, host.Id, Candidate(3))).Ok.Should().BeTrue();
        await Relayed("node", 3);
        (await hostsOtherTab.InvokeAsync<Reply>("Signal", callId, guest.Id, Candidate(4))).Error.Should().Be("You are not in this call.", "only the tab taking part signals");
        (await third.Hub.InvokeAsync<Reply>("HangUp", callId)).Ok.Should().BeTrue();
        var fromWhoLeft = await third.Hub.InvokeAsync<Reply>("Signal", callId, host.Id, Candidate(5));
        var toWhoLeft = await guest.Hub.InvokeAsync<Reply>("Signal", callId, third.Id, Candidate(6));
        (await host.Hub.InvokeAsync<Reply>("Signal", callId, guest.Id, Candidate(7))).Ok.Should().BeTrue("the two left go on");
        await Relayed("node", 4);
        await Task.Delay(300);

        fromWhoLeft.Error.Should().Be("You are not in this call.");
        toWhoLeft.Error.Should().Be("They are not in this call.");
        lock (atHost)
        {
            atHost.Should().Equal([third.Id], "nothing came from the third after they left");
        }
        lock (atGuest)
        {
            atGuest.Should().Equal([host.Id, host.Id], "the host's other tab reached nobody");
        }
        lock (atThird)
        {
            atThird.Should().Equal([guest.Id]);
        }
        var scraped = await Relayed("node", 4);
        RelayedSignals().Matches(scraped).Where(m => m.Groups["route"].Value == "room").Should().BeEmpty("both ends were on this node every time");
    }

    [GeneratedRegex("""^viv_signals_total\{[^}]*result="relayed",route="(?<route>\w+)"\} (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex RelayedSignals();
}
