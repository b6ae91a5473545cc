using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Cluster.Tests;

/// <summary>Viv as operators run it: two silos and two web nodes on Azure Storage (Azurite) behind nginx, no sticky sessions.</summary>
public sealed partial class ClusterTests(LocalCluster cluster)
{
    private static readonly LocatorAssertionsToContainTextOptions Within30s = new() { Timeout = 30_000 };

    internal static string NewName(string first) => $"{first} {Guid.NewGuid():N}"[..(first.Length + 7)];

    /// <summary>Reloads the page until its hub connection sits on a different web node than <paramref name="other"/>'s.</summary>
    private static async Task OnAnotherNodeThan(Person person, Person other)
    {
        var theirs = await other.Node();
        for (var attempt = 0; attempt < 10 && await person.Node() == theirs; attempt++)
        {
            await ShiftRoundRobin(person);
            await person.Page.ReloadAsync();
            await Person.Connected(person.Page);
        }
        (await person.Node()).Should().NotBe(theirs, "round robin must put the two hub connections on different nodes");
    }

    /// <summary>
    /// A page load makes a fixed number of requests, so plain round robin can keep sending a page's
    /// hub connection to the same node; one extra request moves the rotation along by one.
    /// </summary>
    internal static async Task ShiftRoundRobin(Person person) => await person.Page.EvaluateAsync("() => fetch('/healthz').then(r => r.status)");

    private async Task<(Person Alice, Person Bob, string AliceName, string BobName)> ContactsOnDifferentNodes()
    {
        var (aliceName, bobName) = (NewName("Alice"), NewName("Bob"));
        var alice = await cluster.NewPerson();
        var bob = await cluster.NewPerson();
        await alice.Register(aliceName);
        await bob.Register(bobName);
        await Person.BecomeContacts(alice, aliceName, bob, bobName);
        await alice.Page.GotoAsync("/");
        await Person.Connected(alice.Page);
        await OnAnotherNodeThan(bob, alice);
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");
        await Expect(bob.Contact(aliceName)).ToContainTextAsync("Online");
        return (alice, bob, aliceName, bobName);
    }

    private static async Task Call(Person caller, Person callee, string calleeName)
    {
        await caller.Call(calleeName);
        await callee.AcceptCall();
        await caller.PeerConnected();
        await callee.PeerConnected();
        await callee.ReceivesMedia("video");
        await caller.ReceivesMedia("video");
    }

    /// <summary>One attempt as a person makes it: open the login page, and if it shows, fill it in and send it.</summary>
    private static async Task TryLogIn(Person person, string username)
    {
        await person.Page.GotoAsync("/Account/Login");
        var field = person.Page.GetByLabel("Username");
        if (!await field.IsVisibleAsync())
        {
            await Task.Delay(1_000);
            return;
        }
        await field.FillAsync(username);
        await person.Page.GetByLabel("Password").FillAsync(Person.Password);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        try
        {
            await person.Page.WaitForLoadStateAsync(options: new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // A sign-in held up by grain calls to the dead silo: the person presses Log in again.
        }
    }

    [Fact]
    public Task One_login_works_on_every_web_node_and_each_response_names_its_node() => OneLoginOnEveryNode(cluster);

    /// <summary>
    /// The cookie key ring and the membership are shared through the cluster's storage: a login made
    /// on one node works on the other. Plain HTTP through nginx, whose round robin takes each request
    /// to the next node: the browser tests of the cluster show the same for pages and hub connections.
    /// </summary>
    internal static async Task OneLoginOnEveryNode(LocalCluster cluster)
    {
        var name = NewName("Nomad");
        using var nomad = new VivSession(cluster.BaseAddress);
        (await nomad.Register(VivSession.NewUsername("nomad"), name)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var nodes = new HashSet<string>();

        for (var i = 0; i < 6; i++)
        {
            using var response = await nomad.Http.GetAsync("/");
            nodes.Add(response.Headers.GetValues("X-Viv-Node").Single());
            (await response.Content.ReadAsStringAsync()).Should().Contain($"Hello, {name}");
        }

        nodes.Should().BeEquivalentTo("web-1", "web-2");
        using var onFirst = await ApiClient.Register(cluster.WebNode(1), NewName("Pushed"));
        using var onSecond = await ApiClient.SignIn(cluster.WebNode(2), onFirst.Id, onFirst.Username);
        (await onFirst.Get("/api/v1/push/key")).GetProperty("publicKey").GetString().Should()
            .Be((await onSecond.Get("/api/v1/push/key")).GetProperty("publicKey").GetString(), "every node signs pushes with the one key the cluster keeps");
        await OnePushPerCall(cluster, onSecond);
        await EveryNodeIsScraped(cluster);
        foreach (var node in new[] { "silo-1", "silo-2", "web-1", "web-2" })
        {
            var lines = cluster.Log(node).Split('\n').Where(line => line.StartsWith('{')).ToList();
            lines.Should().NotBeEmpty().And.OnlyContain(line => line.Contains($"\"Node\":\"{node}\""), "every structured log line names its node")
                .And.OnlyContain(line => LoggedAt().IsMatch(line), "and says when, in UTC to the millisecond, to line the nodes' logs up");
        }
    }

    /// <summary>
    /// A call placed on web node 1 to <paramref name="callee"/>, whose Viv is closed and whose device was
    /// added on web node 2: the device gets one ringing push and one closing push, whichever nodes and
    /// silos the call, its room and the device list are on. Then a message left on node 1 plays on node 2.
    /// </summary>
    private static async Task OnePushPerCall(LocalCluster cluster, ApiClient callee)
    {
        var device = cluster.Push.Subscribe();
        using var added = await callee.Send(HttpMethod.Post, "/api/v1/push/devices", new { endpoint = device.Endpoint, keys = new { p256dh = device.P256dh, auth = device.Auth }, label = "Phone" });
        added.StatusCode.Should().Be(HttpStatusCode.Created);
        await using var caller = await HubUser.SignIn(cluster.WebNode(1), NewName("Caller"));
        var asCallee = new VivSession(cluster.WebNode(2));
        (await asCallee.LogIn(callee.Username)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        await using var calleeOnce = new HubUser(asCallee, asCallee.Hub(), callee.Id, callee.Username);
        await calleeOnce.Hub.StartAsync();
        await caller.BecomeContacts(calleeOnce);
        await calleeOnce.GoOfflineSeenBy(caller);

        var started = await caller.Hub.InvokeAsync<System.Text.Json.JsonElement>("StartCall", callee.Id, "video");
        await PushesTo(cluster, device, 1);
        await caller.Hub.InvokeAsync<System.Text.Json.JsonElement>("HangUp", started.GetProperty("callId").GetGuid());
        await PushesTo(cluster, device, 2);
        await Task.Delay(1_000);

        cluster.Push.Refused.Should().BeEmpty();
        cluster.Push.Received.Where(p => p.Endpoint == device.Endpoint).Select(p => System.Text.Json.JsonDocument.Parse(p.Text).RootElement.GetProperty("type").GetString())
            .Should().Equal(["incomingCall", "callClosed"], "one push rings the call and one closes it, across two web nodes and two silos");

        // A video message left through web node 1 plays through web node 2: its file is in the cluster's storage.
        var deviceId = (await added.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        using var removed = await callee.Send(HttpMethod.Delete, $"/api/v1/push/devices/{deviceId}");
        removed.StatusCode.Should().Be(HttpStatusCode.NoContent, "with no device to ring, the call cannot ring and offers a message at once");
        var recording = Recordings.Webm(3);
        var message = await LeftMessages.Leave(caller, callee.Id, recording);
        using var played = await callee.Send(HttpMethod.Get, $"/api/v1/video-messages/{message}");
        played.StatusCode.Should().Be(HttpStatusCode.OK);
        (await played.Content.ReadAsByteArrayAsync()).Length.Should().Be(recording.Length + 11, "the recording, its duration written in");
    }

    /// <summary>
    /// A call between someone on web node 1 and someone on web node 2, each signalling the other: the
    /// cluster's Prometheus then answers with the signals that entered and left each web node, the calls of
    /// each silo (0 on the one without the room), the ended call, and its recording rules.
    /// </summary>
    private static async Task EveryNodeIsScraped(LocalCluster cluster)
    {
        await using var alice = await HubUser.SignIn(cluster.WebNode(1), NewName("Scraped"));
        await using var bob = await HubUser.SignIn(cluster.WebNode(2), NewName("Scraped"));
        await alice.BecomeContacts(bob);
        var callId = (await alice.Hub.InvokeAsync<System.Text.Json.JsonElement>("StartCall", bob.Id, "video")).GetProperty("callId").GetGuid();
        (await bob.Hub.InvokeAsync<System.Text.Json.JsonElement>("AnswerCall", callId, true)).GetProperty("ok").GetBoolean().Should().BeTrue();
        var offer = new { description = new { type = "offer", sdp = "v=0\r\n" } };
        (await alice.Hub.InvokeAsync<System.Text.Json.JsonElement>("Signal", callId, bob.Id, offer)).GetProperty("ok").GetBoolean().Should().BeTrue();
        (await bob.Hub.InvokeAsync<System.Text.Json.JsonElement>("Signal", callId, alice.Id, offer)).GetProperty("ok").GetBoolean().Should().BeTrue();
        (await alice.Hub.InvokeAsync<System.Text.Json.JsonElement>("HangUp", callId)).GetProperty("ok").GetBoolean().Should().BeTrue();

        using var prometheus = new HttpClient { BaseAddress = cluster.Prometheus };
        await Nodes(prometheus, "viv_signals_total{result=\"relayed\"} > 0", "web-1", "web-2");
        await Nodes(prometheus, "viv_signal_relay_duration_milliseconds_count > 0", "web-1", "web-2");
        await Nodes(prometheus, "viv_connections{device=\"browser\"}", "web-1", "web-2");
        await Nodes(prometheus, "viv_calls{phase=\"connected\"}", "silo-1", "silo-2");
        await Nodes(prometheus, "viv_people_online", "silo-1", "silo-2");
        await Nodes(prometheus, "sum by (node) (viv_calls_ended_total{outcome=\"completed\"}) > 0", "silo-1", "silo-2");
        await Nodes(prometheus, "{__name__=~\"orleans_catalog_activations.*\"}", "silo-1", "silo-2");
        await Nodes(prometheus, "http_server_request_duration_seconds_count", "web-1", "web-2", "silo-1", "silo-2");
        (await Waiting.For(async () => await Query(prometheus, "viv:calls:sum") is { Count: > 0 } rows ? rows : null, "recording rule viv:calls:sum"))
            .Select(row => row.GetProperty("metric").GetProperty("phase").GetString()).Should().BeEquivalentTo("ringing", "connected");
    }

    /// <summary>Waits until <paramref name="query"/> has a result from each of <paramref name="nodes"/> (one of them is enough for a sum by node).</summary>
    private static async Task Nodes(HttpClient prometheus, string query, params string[] nodes)
    {
        var any = query.StartsWith("sum by (node)", StringComparison.Ordinal);
        try
        {
            await Waiting.For(async () =>
            {
                var answered = (await AnsweringNodes(prometheus, query)).ToHashSet();
                return (any ? nodes.Any(answered.Contains) : nodes.All(answered.Contains)) ? answered : null;
            }, $"answer to {query} from {string.Join(", ", nodes)}");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Answered by: {string.Join(", ", await AnsweringNodes(prometheus, query))}. Prometheus's targets: {await Targets(prometheus)}", timeout);
        }
    }

    private static async Task<IEnumerable<string?>> AnsweringNodes(HttpClient prometheus, string query) =>
        (await Query(prometheus, query)).Select(row => row.GetProperty("metric").TryGetProperty("node", out var node) ? node.GetString() : "(no node)");

    /// <summary>Each scrape target's node, health, last scrape and last error, as Prometheus tells them: why a node has no answer.</summary>
    private static async Task<string> Targets(HttpClient prometheus)
    {
        var answer = await prometheus.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/targets?state=active");
        return string.Join("; ", answer.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(target =>
            $"{(target.GetProperty("labels").TryGetProperty("node", out var node) ? node.GetString() : target.GetProperty("scrapeUrl").GetString())} " +
            $"{target.GetProperty("health").GetString()} at {target.GetProperty("lastScrape").GetString()} {target.GetProperty("lastError").GetString()}"));
    }

    private static async Task<List<System.Text.Json.JsonElement>> Query(HttpClient prometheus, string query)
    {
        var answer = await prometheus.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/v1/query?query={Uri.EscapeDataString(query)}");
        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray()];
    }

    private static async Task PushesTo(LocalCluster cluster, PushSubscriber device, int count)
    {
        var waited = Stopwatch.StartNew();
        while (cluster.Push.Received.Count(p => p.Endpoint == device.Endpoint) < count)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), $"push {count} should arrive; refused: {string.Join("; ", cluster.Push.Refused)}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Logging_out_in_one_tab_closes_the_sessions_connection_held_by_the_other_web_node_and_that_tab_goes_to_the_login_page()
    {
        await using var ada = await cluster.NewPerson();
        await ada.Register(NewName("Ada"));
        await Person.Connected(ada.Page);
        var secondTab = new Person(ada.Context, await ada.Context.NewPageAsync());
        await secondTab.Page.GotoAsync("/Contacts");
        await Person.Connected(secondTab.Page);
        await OnAnotherNodeThan(secondTab, ada);

        await ada.LogOut();

        await Expect(secondTab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login$"));
        await Expect(secondTab.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(ada.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login$"));
    }

    [Fact]
    public async Task A_persons_budget_is_one_for_the_whole_cluster_not_one_per_web_node()
    {
        const int searchesPerMinute = 60;
        using var seeker = await ApiClient.Register(cluster.BaseAddress, NewName("Seeker"));
        var nodes = new HashSet<string>();
        var allowed = 0;
        var clock = Stopwatch.StartNew();
        HttpStatusCode last;
        do
        {
            using var response = await seeker.Send(HttpMethod.Get, "/api/v1/users?query=seeker");
            nodes.Add(response.Headers.GetValues("x-viv-node").Single());
            last = response.StatusCode;
            allowed += last == HttpStatusCode.OK ? 1 : 0;
        }
        while (last == HttpStatusCode.OK && allowed <= 2 * searchesPerMinute);

        last.Should().Be(HttpStatusCode.TooManyRequests);
        nodes.Should().BeEquivalentTo(["web-1", "web-2"], "nginx spread the searches over both nodes");
        // The budget refills one search a second while the loop runs; per node it would have been twice the budget.
        allowed.Should().BeInRange(searchesPerMinute, searchesPerMinute + (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1);
    }

    [Fact]
    public async Task A_call_in_progress_outlives_each_silo_in_turn_while_people_sign_in_again_and_it_still_hangs_up()
    {
        var (alice, bob, aliceName, bobName) = await ContactsOnDifferentNodes();
        await using var __ = alice;
        await using var ___ = bob;
        await Call(alice, bob, bobName);
        await alice.WatchMediaStalls("video");

        // Wherever the call's room was, one of the two kills took it: it comes back on the other silo from what it kept.
        await cluster.Signal("silo-1", "KILL");
        await using var aliceAgain = await cluster.NewPerson();
        // Until the cluster declares the silo dead, calls to grains that lived on it fail; a
        // person would press Log in again. Within 30 s it must work.
        var signIn = Stopwatch.StartNew();
        var hello = aliceAgain.Page.GetByRole(AriaRole.Heading, new() { Name = $"Hello, {aliceName}" });
        while (!await hello.IsVisibleAsync())
        {
            signIn.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "sign-in must work again within 30 s of a silo's death");
            await TryLogIn(aliceAgain, alice.Username);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"signed in {signIn.Elapsed.TotalSeconds:F1} s after the silo was killed");
        await Expect(aliceAgain.Contact(bobName)).ToContainTextAsync("In a call", Within30s);
        var restarted = DateTimeOffset.UtcNow;
        await cluster.Up();
        // As docs/operations.md tells whoever restarts silos in turn: the next stops once every web node counts the first again.
        await cluster.WebNodesCountGateways(2, restarted);
        var secondKill = DateTimeOffset.UtcNow;
        await cluster.Signal("silo-2", "KILL");
        await cluster.Up();
        await alice.ReceivesMedia("video");
        await bob.ReceivesMedia("video");
        TestContext.Current.TestOutputHelper?.WriteLine($"the longest stretch without video arriving at Alice's tab: {await alice.LongestMediaStall():F0} ms");

        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(bob.CallView).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Expect(bob.Contact(aliceName)).ToContainTextAsync("Online", Within30s);
        await alice.Page.CloseAsync();
        // A presence grain lost with a silo knows its tabs again at their web node's next renewal (at
        // most 15 s): until then its person looks offline and cannot be rung. Alice calls once she sees Bob.
        await Expect(aliceAgain.Contact(bobName)).ToContainTextAsync("Online", Within30s);
        await Call(aliceAgain, bob, bobName);
        foreach (var node in new[] { "web-1", "web-2" })
        {
            cluster.LoggedSince(node, secondKill).Select(line => line.GetProperty("Message").GetString()).Should()
                .NotContain(message => message!.StartsWith("All known gateways have been marked dead", StringComparison.Ordinal),
                    $"{node} knew the restarted silo-1 as a gateway when silo-2 died");
        }
    }

    [Fact]
    public Task After_a_silo_is_killed_twenty_people_sign_in_again_and_find_their_contact_and_nobody_gets_an_error() => TwentyPeopleAfterASiloKill(cluster);

    /// <summary>
    /// Twenty people paired up over the API, then silo-1 killed with kill -9: each signs in again until
    /// they see their contact, as a client would. Prints when the first, half and all were back.
    /// </summary>
    internal static async Task TwentyPeopleAfterASiloKill(LocalCluster cluster)
    {
        var people = new List<ApiClient>();
        for (var i = 0; i < 20; i++)
        {
            people.Add(await ApiClient.Register(cluster.BaseAddress, NewName($"Pair{i:D2}")));
        }
        for (var i = 0; i < people.Count; i += 2)
        {
            await people[i].Post($"/api/v1/contacts/{people[i + 1].Id}/request");
            await people[i + 1].Post($"/api/v1/contacts/{people[i].Id}/accept");
        }

        // The time of day lines the figures up with the nodes' logs (docs/operations.md, the timeline of a silo's death).
        var killedAt = DateTimeOffset.UtcNow;
        var killed = Stopwatch.StartNew();
        await cluster.Signal("silo-1", "KILL");
        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var back = await Task.WhenAll(people.Select(async (person, i) =>
        {
            var contact = people[i ^ 1].Id;
            while (true)
            {
                killed.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "everyone must be back within a minute of a silo's death");
                using var again = new HttpClient { BaseAddress = cluster.BaseAddress };
                using var signIn = await again.PostAsJsonAsync("/api/v1/tokens", new { username = person.Username, password = VivSession.Password });
                answers.Add(signIn.StatusCode);
                if (signIn.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    signIn.Headers.RetryAfter.Should().NotBeNull("a client is told when to try again");
                    signIn.Headers.GetValues("X-Viv-Node").Should().ContainSingle("the answer keeps the headers every answer has");
                }
                if (signIn.StatusCode == HttpStatusCode.OK)
                {
                    var token = (await signIn.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/contacts") { Headers = { Authorization = new("Bearer", token) } };
                    using var contacts = await again.SendAsync(request);
                    answers.Add(contacts.StatusCode);
                    if (contacts.StatusCode == HttpStatusCode.OK && (await contacts.Content.ReadAsStringAsync()).Contains($"{contact}", StringComparison.Ordinal))
                    {
                        return killed.Elapsed;
                    }
                }
                // As a client would: Retry-After when the cluster says so, else a moment.
                await Task.Delay(signIn.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500));
            }
        }));

        TestContext.Current.TestOutputHelper?.WriteLine($"silo-1 killed at {killedAt:HH:mm:ss.fff} UTC; after the kill: first back {back.Min().TotalSeconds:F1} s, half {back.Order().ElementAt(back.Length / 2).TotalSeconds:F1} s, "
            + $"all {back.Max().TotalSeconds:F1} s; answers {string.Join(", ", answers.GroupBy(a => a).Select(g => $"{(int)g.Key} ×{g.Count()}"))}");
        answers.Should().OnlyContain(status => status == HttpStatusCode.OK || status == HttpStatusCode.ServiceUnavailable,
            "while the cluster recovers a request is answered or told to try again, never an error (the web nodes logged: {0})", LoggedErrors(cluster, "web-1", "web-2"));
        await cluster.Up();
    }

    [Fact]
    public async Task A_web_node_stopped_and_then_the_other_killed_mid_call_hand_the_browser_over_each_time_the_media_never_stops_and_the_call_hangs_up()
    {
        var (alice, bob, aliceName, bobName) = await ContactsOnDifferentNodes();
        await using var __ = alice;
        await using var ___ = bob;
        await Call(alice, bob, bobName);
        await bob.WatchMediaStalls("video");

        foreach (var signal in new[] { "TERM", "KILL" })
        {
            var bobsNode = await bob.Node();
            var stopped = Stopwatch.StartNew();
            await cluster.Signal(bobsNode!, signal);
            await bob.Page.WaitForFunctionAsync($"() => document.documentElement.dataset.connection === 'connected' && document.documentElement.dataset.node !== '{bobsNode}'",
                null, new() { Timeout = 30_000 });
            var reconnected = stopped.Elapsed;
            await Expect(alice.Contact(bobName)).ToContainTextAsync("In a call", Within30s);
            await Expect(bob.CallView).ToBeVisibleAsync();
            await bob.ReceivesMedia("video");
            await alice.ReceivesMedia("video");
            await Expect(bob.Contact(aliceName)).ToHaveCountAsync(1);
            TestContext.Current.TestOutputHelper?.WriteLine($"{bobsNode} sent SIG{signal}: Bob's tab connected to the other node {reconnected.TotalSeconds:F1} s later; "
                + $"the longest stretch without video arriving at Bob's tab so far: {await bob.LongestMediaStall():F0} ms");
            await cluster.Up();
        }

        await bob.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online", Within30s);
        await Expect(bob.Contact(aliceName)).ToContainTextAsync("Online", Within30s);
    }

    [Fact]
    public async Task A_restarted_cluster_keeps_accounts_contacts_and_call_history()
    {
        var (alice, bob, aliceName, bobName) = await ContactsOnDifferentNodes();
        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(bob.IncomingCall).ToBeHiddenAsync();
        await alice.DisposeAsync();
        await bob.DisposeAsync();

        await cluster.Script("down");
        await cluster.Up();

        await using var bobAgain = await cluster.NewPerson();
        await bobAgain.LogIn(bob.Username);
        await Expect(bobAgain.Contact(aliceName)).ToContainTextAsync("Offline");
        await bobAgain.Page.GotoAsync("/Calls");
        await Expect(bobAgain.Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(aliceName);
        await Expect(bobAgain.Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Missed");
        _ = bobName;
    }

    [Theory]
    [InlineData("Viv__Redis", "127.0.0.1:1", "Viv cannot reach Redis at '127.0.0.1:1' (Viv:Redis): ")]
    [InlineData("Viv__AzureStorage", "DefaultEndpointsProtocol=http;AccountName=viv;AccountKey=czNjcmV0;TableEndpoint=http://127.0.0.1:1/viv;BlobEndpoint=http://127.0.0.1:1/viv",
        "Viv cannot reach Azure Storage at 'http://127.0.0.1:1/viv' (Viv:AzureStorage): ")]
    public async Task Without_its_storage_a_node_refuses_to_start_with_a_clear_message(string variable, string value, string message)
    {
        foreach (var (project, dll) in new[] { ("web", "Viv.Web.dll"), ("silo", "Viv.Silo.dll") })
        {
            var configuration = typeof(ClusterTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
                .Cast<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
            var start = new ProcessStartInfo("dotnet", [Path.Combine(VivServer.RepositoryRoot, project, "bin", configuration, "net10.0", dll)])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                Environment = { [variable] = value, ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" },
            };
            using var node = Process.Start(start)!;
            var errors = node.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitForExitAsync(deadline.Token);

            node.ExitCode.Should().Be(3, project);
            (await errors).Should().Contain(message, project).And.NotContain("czNjcmV0", "the account key is never printed");
        }
    }

    [Fact]
    public Task Losing_Azure_Storage_turns_a_web_node_unready_with_quick_503s_and_it_heals_when_it_returns() => StorageLoss(cluster, "azurite");

    /// <summary>Stops the cluster's storage: web node 1 turns unready and answers 503 at once, and heals once <c>up</c> brings the storage back.</summary>
    internal static async Task StorageLoss(LocalCluster cluster, string storage)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var web1 = cluster.WebNode(1);
        (await http.GetAsync(new Uri(web1, "readyz"))).StatusCode.Should().Be(HttpStatusCode.OK);

        await cluster.Signal(storage, "TERM");
        await Eventually(async () => (await http.GetAsync(new Uri(web1, "readyz"))).StatusCode == HttpStatusCode.ServiceUnavailable);
        var page = Stopwatch.StartNew();
        var response = await http.GetAsync(web1);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await http.GetAsync(new Uri(web1, "healthz"))).StatusCode.Should().Be(HttpStatusCode.OK, "the process is alive: nobody should restart it");
        page.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "an unready node answers at once instead of hanging");
        await cluster.Up();
        await Eventually(async () => (await http.GetAsync(new Uri(web1, "readyz"))).StatusCode == HttpStatusCode.OK);
        // The gate keeps its last answer for up to a second (ReadinessGate.CheckEvery), so a page
        // asked for just as /readyz turned can still get the 503.
        await Eventually(async () => (await http.GetAsync(web1)).StatusCode == HttpStatusCode.OK);
    }

    /// <summary>The first line of each distinct exception the nodes logged at Error level since they last started (the 500s' causes), or "nothing".</summary>
    private static string LoggedErrors(LocalCluster cluster, params string[] nodes)
    {
        var errors = nodes.SelectMany(node => cluster.LogSinceStart(node).Split('\n'))
            .Where(line => line.StartsWith('{') && line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal))
            .Select(line => LoggedException().Match(line) is { Success: true } found ? found.Groups[1].Value : line[..Math.Min(line.Length, 300)])
            .Distinct().Take(5).ToList();
        return errors.Count == 0 ? "nothing" : string.Join(" | ", errors);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "the condition should hold within 30 s");
            await Task.Delay(250);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^\{"Timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",""")]
    private static partial System.Text.RegularExpressions.Regex LoggedAt();

    /// <summary>A JSON log line's exception, up to the end of its first line (an escaped newline) or a quote.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(""""Exception":"((?:[^"\\]|\\[^n])*)"""")]
    private static partial System.Text.RegularExpressions.Regex LoggedException();
}
