using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// What an operator's OpenTelemetry collector receives from a node (a real OTLP/HTTP receiver reads it),
/// and where Prometheus may scrape one.
/// </summary>
public sealed class TelemetryTests(TelemetryTests.Observed observed, ServerFixture fixture) : IClassFixture<TelemetryTests.Observed>
{
    /// <summary>A Viv exporting to a collector every half second, with a search budget of 2 a minute and TURN credentials to hand out.</summary>
    public sealed class Observed : IAsyncLifetime
    {
        public OtlpCollector Collector { get; } = OtlpCollector.Start();

        public VivServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Server = await VivServer.Start(new Dictionary<string, string>(Collector.Settings)
        {
            ["Viv:Limits:SearchesPerMinute"] = "2",
            ["Viv:Turn:Urls:0"] = "turn:127.0.0.1:3478?transport=udp",
            ["Viv:Turn:Secret"] = "telemetry-test",
            // The console as cluster nodes write it (NodeLogging): JSON lines with their scopes.
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
        });

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Collector.DisposeAsync();
        }
    }

    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    private static readonly string[] PersonalKeys = ["client.address", "url.path", "url.query", "user_agent.original", "enduser.id", "rpc.orleans.target_id", "rpc.orleans.source_id"];

    [Fact]
    public async Task A_hub_call_is_one_trace_from_the_hub_method_through_both_sides_of_its_grain_call_and_a_log_line_written_meanwhile_carries_it_to_the_collector_and_the_console()
    {
        var collector = observed.Collector;
        await using var user = await HubUser.SignIn(observed.Server, "Trace Walker");

        for (var search = 0; search < 3; search++)
        {
            await user.Hub.InvokeAsync<JsonElement>("Search", "nobody", 0, TestContext.Current.CancellationToken);
        }

        var hub = await collector.Span(s => s.Attributes.GetValueOrDefault("rpc.system") == "signalr" && s.Attributes.GetValueOrDefault("rpc.method") == "Search", "span of the hub method Search");
        var client = await collector.Span(s => s.ParentSpanId == hub.SpanId && s.Kind == 3 && s.Name == "IContactListGrain/Search", "grain call out of the hub method");
        var server = await collector.Span(s => s.ParentSpanId == client.SpanId, "grain call's span in the silo");
        var slowedDown = await Waiting.For(() => collector.Logs.FirstOrDefault(l => l.Body.Contains("over the", StringComparison.Ordinal)), "log of the search over its budget");

        hub.Attributes["rpc.service"].Should().Be("Viv.Web.Realtime.VivHub");
        hub.ParentSpanId.Should().BeNull("a hub method invocation starts its own trace");
        client.TraceId.Should().Be(hub.TraceId);
        server.TraceId.Should().Be(hub.TraceId);
        server.Kind.Should().Be(2, "the silo's side of the call is a server span");
        server.Attributes["rpc.method"].Should().Be("Viv.Contacts.IContactListGrain/Search");
        collector.Spans.Should().Contain(s => s.TraceId == hub.TraceId && s.Name == "IDirectoryShardGrain/Find" && s.Kind == 2, "the contact list's own grain calls join the same trace");
        var searches = await Waiting.For(() => collector.Spans.Where(s => s.Attributes.GetValueOrDefault("rpc.system") == "signalr" && s.Attributes.GetValueOrDefault("rpc.method") == "Search")
            .Select(s => s.TraceId).ToList() is { Count: 3 } all ? all : null, "spans of the three searches");
        searches.Should().OnlyHaveUniqueItems("each invocation is a trace of its own, not the connection's");
        slowedDown.TraceId.Should().BeOneOf(searches, "the line was written while the third search ran");
        var console = observed.Server.Output.Split('\n').Where(line => line.StartsWith('{') && line.Contains("is over the", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line).RootElement).Single();
        console.GetProperty("Scopes").EnumerateArray().Select(scope => scope.TryGetProperty("TraceId", out var id) ? id.GetString() : null).OfType<string>()
            .Should().Equal([slowedDown.TraceId], "the console's JSON line names the same trace");
    }

    [Fact]
    public async Task Vivs_metrics_arrive_with_the_platforms_and_no_label_or_attribute_names_a_person_a_call_or_a_session()
    {
        var collector = observed.Collector;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (aliceName, bobName) = ($"Quintessa Marlowe {tag}", $"Bartholomew Ysolde {tag}");
        await using var alice = await HubUser.SignIn(observed.Server, aliceName);
        await using var bob = await HubUser.SignIn(observed.Server, bobName);
        await alice.BecomeContacts(bob);
        await alice.Hub.InvokeAsync<JsonElement>("IceConfiguration", TestContext.Current.CancellationToken);
        using var wrong = new VivSession(observed.Server.BaseAddress);
        (await wrong.LogIn(alice.Username, "not her password")).StatusCode.Should().NotBe(HttpStatusCode.Redirect);

        var started = await alice.Hub.InvokeAsync<Reply>("StartCall", bob.Id, "video", TestContext.Current.CancellationToken);
        var callId = started.CallId!.Value;
        (await bob.Hub.InvokeAsync<Reply>("AnswerCall", callId, true, TestContext.Current.CancellationToken)).Ok.Should().BeTrue();
        var offer = new { description = new { type = "offer", sdp = "v=0\r\n" } };
        (await alice.Hub.InvokeAsync<Reply>("Signal", callId, bob.Id, offer, TestContext.Current.CancellationToken)).Ok.Should().BeTrue();
        (await bob.Hub.InvokeAsync<Reply>("Signal", callId, alice.Id, offer, TestContext.Current.CancellationToken)).Ok.Should().BeTrue();
        (await bob.Hub.InvokeAsync<Reply>("Signal", Guid.NewGuid(), alice.Id, offer, TestContext.Current.CancellationToken)).Ok.Should().BeFalse();
        using var decline = await alice.Session.Http.PostAsJsonAsync($"/ringing/{callId}/decline", new { }, TestContext.Current.CancellationToken);
        decline.StatusCode.Should().Be(HttpStatusCode.Conflict, "the call was answered: a path with its id in it, as the picture's and the API's have");
        await collector.Point(p => p.Metric == "viv.calls" && p.Attributes.GetValueOrDefault("phase") == "connected" && p.Value >= 1, "call in progress");
        (await alice.Hub.InvokeAsync<Reply>("HangUp", callId, TestContext.Current.CancellationToken)).Ok.Should().BeTrue();

        await collector.Point(p => p.Metric == "viv.calls.ended" && p.Attributes.GetValueOrDefault("outcome") == "completed" && p.Value >= 1, "ended call");
        await collector.Point(p => p.Metric == "viv.signals" && p.Attributes.GetValueOrDefault("result") == "relayed" && p.Value >= 2, "relayed signals");
        await collector.Point(p => p.Metric == "viv.signals" && p.Attributes.GetValueOrDefault("result") == "call_ended" && p.Value >= 1, "refused signal");
        await collector.Point(p => p.Metric == "viv.signal.relay.duration" && p.Value >= 2, "signal relay times");
        await collector.Point(p => p.Metric == "viv.connections" && p.Attributes.GetValueOrDefault("device") == "browser" && p.Value >= 2, "open connections");
        await collector.Point(p => p.Metric == "viv.people.online" && p.Value >= 2, "people online");
        await collector.Point(p => p.Metric == "viv.presence.fanout.contacts" && p.Value >= 1, "presence fan-outs");
        await collector.Point(p => p.Metric == "viv.presence.fanout.duration" && p.Value >= 1, "presence fan-out times");
        await collector.Point(p => p.Metric == "viv.signins.failed" && p.Attributes.GetValueOrDefault("reason") == "rejected" && p.Value >= 1, "failed sign-in");
        await collector.Point(p => p.Metric == "viv.turn.credentials" && p.Value >= 1, "TURN credentials");
        foreach (var platform in new[] { "orleans-", "http.server.request.duration", "kestrel.", "signalr.server.", "dotnet.gc." })
        {
            await collector.Point(p => p.Metric.StartsWith(platform, StringComparison.Ordinal), $"metric {platform}…");
        }
        await collector.Span(s => s.Attributes.GetValueOrDefault("http.route") == "/ringing/{callId:guid}/decline", "span of the decline request");

        var personal = new[] { alice.Username, bob.Username, aliceName, bobName, tag }
            .Concat(new[] { alice.Id, bob.Id, callId }.SelectMany(id => new[] { id.ToString("N"), id.ToString("D") }));
        var exported = collector.Texts;
        exported.Should().NotBeEmpty();
        foreach (var text in personal)
        {
            exported.Where(t => t.Contains(text, StringComparison.OrdinalIgnoreCase)).Should().BeEmpty($"\"{text}\" names a person or a call");
        }
        collector.Spans.SelectMany(s => s.Attributes.Keys).Should().NotContain(PersonalKeys);
    }

    [Fact]
    public async Task A_metrics_port_already_taken_stops_the_node_with_one_line_and_exit_code_5()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var start = () => VivServer.Start(new Dictionary<string, string> { ["Viv:Metrics"] = $"http://127.0.0.1:{port}/" });

        var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;

        refused.ExitCode.Should().Be(5);
        refused.Output.Trim().Should().Be($"Viv cannot listen for Prometheus at 'http://127.0.0.1:{port}/' (Viv:Metrics): Address already in use");
    }

    [Fact]
    public async Task Prometheus_scrapes_only_the_listener_Viv_Metrics_names_never_the_public_port()
    {
        var scrapePort = VivServer.FreePort();
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Metrics"] = $"http://127.0.0.1:{scrapePort}" });
        await using var user = await HubUser.SignIn(server, "Scraped Person");
        using var http = new HttpClient();

        var scraped = await Waiting.For(async () =>
        {
            var text = await http.GetStringAsync($"http://127.0.0.1:{scrapePort}/metrics", TestContext.Current.CancellationToken);
            return text.Contains("viv_connections{", StringComparison.Ordinal) ? text : null;
        }, "scrape with Viv's connections");

        scraped.Should().Contain("# TYPE viv_connections gauge").And.Contain("kestrel_");
        foreach (var publicPort in new[] { server.BaseAddress, observed.Server.BaseAddress, fixture.Server.BaseAddress })
        {
            using var response = await http.GetAsync(new Uri(publicPort, "metrics"), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"{publicPort} is the public listener");
        }
    }
}
