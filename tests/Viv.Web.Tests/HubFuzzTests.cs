using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// Ten thousand random and malformed invocations against a Viv of its own (so its log holds only
/// this test), sent from several connections while two other people are in a call that keeps
/// signaling, and two more are in a call where one sends the other signals with fields at, over and
/// beside their documented limits. Seeded, so a failure replays.
/// </summary>
[RunsLong]
public sealed class HubFuzzTests
{
    private const int Invocations = 10_000;
    private const int RawFrames = 500;
    private const int Fuzzers = 4;
    private const int HostileSignals = 400;

    private static readonly string[] Methods =
    [
        "Node", "Contacts", "Search", "ChangeContact", "IceConfiguration", "StartCall", "AnswerCall", "Invite", "Signal", "Forward", "ReceiveVideo", "ShareScreen", "ReconnectMedia", "AnnounceIdentity", "SendMediaKey", "HangUp", "Rejoin",
        "Meetings", "ScheduleMeeting", "AnswerMeeting", "RescheduleMeeting", "CancelMeeting", "JoinMeeting",
        "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "Context", "signal", "NoSuchMethod", " ", new string('M', 300),
    ];

    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    [Fact]
    public async Task Ten_thousand_malformed_invocations_leave_the_server_up_the_call_unaffected_and_the_log_clean()
    {
        // Alice signals every 20 ms for the whole run, far more than any person's signaling budget.
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Limits:SignalingKilobytesPerMinute"] = "10000000" });
        await using var alice = await HubUser.SignIn(server, "Alice Fuzz");
        await using var bob = await HubUser.SignIn(server, "Bob Fuzz");
        var callId = await InCall(alice, bob);
        await using var sender = await HubUser.SignIn(server, "Signal Sender");
        await using var receiver = await HubUser.SignIn(server, "Signal Receiver");
        var hostileCallId = await InCall(sender, receiver);
        var relayedHostile = new List<int>();
        receiver.Hub.On<JsonElement>("signal", s =>
        {
            lock (relayedHostile)
            {
                relayedHostile.Add(HostileSignal.NumberOf(s.GetProperty("signal")));
            }
        });
        var fuzzers = await Task.WhenAll(Enumerable.Range(0, Fuzzers).Select(i => HubUser.SignIn(server, $"Fuzzer {i}")));
        await fuzzers[0].BecomeContacts(fuzzers[1]);
        await fuzzers[0].BecomeContacts(alice);
        var known = new KnownIds([callId, alice.Id, bob.Id, .. fuzzers.Select(f => f.Id), Guid.Empty]);
        foreach (var fuzzer in fuzzers)
        {
            fuzzer.Hub.On<JsonElement>("incomingCall", call => known.Add(call.GetProperty("callId").GetGuid()));
        }
        var heard = new List<int>();
        bob.Hub.On<JsonElement>("signal", s =>
        {
            lock (heard)
            {
                heard.Add(int.Parse(s.GetProperty("signal").GetProperty("candidate").GetProperty("sdpMid").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        var logBefore = server.Output.Length;

        using var fuzzing = new CancellationTokenSource();
        var call = KeepSignaling(alice, bob.Id, callId, fuzzing.Token);
        var hostile = FuzzSignals(sender.Hub, hostileCallId, receiver.Id, seed: 7, count: HostileSignals);
        var outcomes = await Task.WhenAll(
            fuzzers.Select((f, i) => Fuzz(f, server, known, seed: 1000 + i, count: (Invocations - RawFrames) / Fuzzers))
                .Append(FuzzRawFrames(fuzzers[^1].Session, server.BaseAddress, seed: 99, count: RawFrames)));
        var withinTheDocs = await hostile;
        await fuzzing.CancelAsync();
        var sent = await call;

        outcomes.Sum().Should().Be(Invocations, "every invocation was sent and answered or refused");
        sent.Should().BePositive().And.BeGreaterThan(20, "the call kept signaling while the fuzz ran");
        await Eventually(() => { lock (heard) { return heard.Count == sent; } });
        lock (heard)
        {
            heard.Should().Equal(Enumerable.Range(0, sent), "every signal of the call arrived, in order");
        }
        withinTheDocs.Should().HaveCountGreaterThan(HostileSignals / 4).And.HaveCountLessThan(HostileSignals * 3 / 4, "the hostile signals mix both kinds");
        await Eventually(() => { lock (relayedHostile) { return relayedHostile.Count >= withinTheDocs.Count; } });
        lock (relayedHostile)
        {
            relayedHostile.Should().Equal(withinTheDocs, "exactly the signals within api.md's sizes and types were relayed: no field over its limit, no number sent as a string");
        }
        (await alice.Hub.InvokeAsync<string>("Node")).Should().NotBeNullOrEmpty("the call's own connections are still up");
        var ended = new TaskCompletionSource();
        bob.Hub.On<JsonElement>("callEnded", _ => ended.TrySetResult());
        (await alice.Hub.InvokeAsync<Reply>("HangUp", callId)).Ok.Should().BeTrue("the call was still on");
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using (var probe = new HttpClient { BaseAddress = server.BaseAddress })
        {
            (await probe.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode.Should().BeTrue("the server is up");
        }
        var log = server.Output[logBefore..];
        log.Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal) || l.Contains("Unhandled", StringComparison.Ordinal))
            .Should().BeEmpty($"the log shows no unhandled exception:\n{log}");

        foreach (var fuzzer in fuzzers)
        {
            await fuzzer.DisposeAsync();
        }
    }

    private static async Task<Guid> InCall(HubUser caller, HubUser callee)
    {
        await caller.BecomeContacts(callee);
        var callId = (await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video")).CallId!.Value;
        (await callee.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        return callId;
    }

    /// <summary>
    /// Sends <paramref name="count"/> numbered signals, each either within every documented limit or
    /// with one field over it or of the wrong JSON type; returns, in order, the numbers of those within.
    /// </summary>
    private static async Task<List<int>> FuzzSignals(HubConnection hub, Guid callId, Guid to, int seed, int count)
    {
        var random = new Random(seed);
        var within = new List<int>();
        for (var number = 0; number < count; number++)
        {
            var signal = HostileSignal.Make(random, number);
            if (signal.WithinTheDocs)
            {
                within.Add(number);
            }
            try
            {
                var reply = await hub.InvokeCoreAsync<Reply>("Signal", [callId, to, signal.Json]);
                reply.Ok.Should().Be(signal.WithinTheDocs, $"signal {number}: {signal.What}");
            }
            catch (HubException) when (!signal.WithinTheDocs)
            {
                // A field of the wrong JSON type does not bind: the invocation itself is refused.
            }
        }
        return within;
    }

    /// <summary>Alice sends Bob a numbered candidate every 20 ms until told to stop; returns how many went.</summary>
    private static async Task<int> KeepSignaling(HubUser alice, Guid bob, Guid callId, CancellationToken stop)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            var signal = new { candidate = new { candidate = "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMid = sent.ToString(System.Globalization.CultureInfo.InvariantCulture), sdpMLineIndex = 0 } };
            var reply = await alice.Hub.InvokeAsync<Reply>("Signal", callId, bob, signal, CancellationToken.None);
            reply.Ok.Should().BeTrue(reply.Error);
            sent++;
            await Task.Delay(20, CancellationToken.None);
        }
        return sent;
    }

    /// <summary>Typed-protocol invocations with wrong arguments; a connection the server closes is replaced.</summary>
    private static async Task<int> Fuzz(HubUser fuzzer, VivServer server, KnownIds known, int seed, int count)
    {
        var random = new Random(seed);
        var hub = fuzzer.Hub;
        var done = 0;
        for (var i = 0; i < count; i++)
        {
            var method = Methods[random.Next(Methods.Length)];
            var args = Enumerable.Range(0, random.Next(5)).Select(_ => Value(random, known, depth: 0)).ToArray();
            try
            {
                var reply = await hub.InvokeCoreAsync<JsonElement>(method, args);
                if (reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("callId", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    known.Add(id.GetGuid());
                }
            }
            catch (HubException)
            {
                // The server refused the invocation itself (unknown method, arguments that do not bind): the expected answer.
            }
            catch (Exception e) when (e is InvalidOperationException or WebSocketException or OperationCanceledException)
            {
                // A message over the size limit closes the connection by design; the fuzzer comes back on a new one.
                if (hub != fuzzer.Hub)
                {
                    await hub.DisposeAsync();
                }
                hub = fuzzer.Session.Hub();
                await hub.StartAsync();
            }
            done++;
        }
        if (hub != fuzzer.Hub)
        {
            await hub.DisposeAsync();
        }
        return done;
    }

    private static object? Value(Random random, KnownIds known, int depth) => random.Next(depth > 3 ? 14 : 19) switch
    {
        0 => null,
        1 => random.Next(int.MinValue, int.MaxValue),
        2 => random.NextDouble() * double.MaxValue,
        3 => random.Next(2) == 0,
        4 => "",
        5 => new string('x', random.Next(2) == 0 ? 20_000 : 140_000),
        6 => Garbage(random),
        7 => known.Pick(random),
        8 => Guid.NewGuid(),
        9 => new[] { "video", "voice", "request", "accept", "block", "delete", "VIDEO", "bogus", "1", "-1" }[random.Next(10)],
        10 => DateTimeOffset.UtcNow.AddMinutes(random.Next(-100_000, 100_000)).ToString("O"),
        11 => "<script>alert(1)</script>\u202e\u200b",
        12 => known.Pick(random).ToString("N")[..random.Next(33)],
        13 => long.MaxValue,
        14 => new { description = new { type = Pick(random, "offer", "answer", "rollback", null, "pranswer"), sdp = Value(random, known, depth + 1) } },
        15 => new { candidate = new { candidate = Value(random, known, depth + 1), sdpMid = Value(random, known, depth + 1), sdpMLineIndex = Value(random, known, depth + 1) } },
        16 => new { title = Value(random, known, depth + 1), note = Value(random, known, depth + 1), startsAt = Value(random, known, depth + 1),
            durationMinutes = Value(random, known, depth + 1), invitees = random.Next(3) == 0 ? Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid()).ToArray() : Value(random, known, depth + 1) },
        17 => new { v = Value(random, known, depth + 1), call = known.Pick(random).ToString(), kid = Value(random, known, depth + 1), from = Value(random, known, depth + 1),
            to = Value(random, known, depth + 1), salt = Value(random, known, depth + 1), iv = Value(random, known, depth + 1), key = Value(random, known, depth + 1) },
        _ => Nested(random.Next(100)),
    };

    private static string? Pick(Random random, params string?[] choices) => choices[random.Next(choices.Length)];

    private static string Garbage(Random random)
    {
        var chars = new char[random.Next(1, 200)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0, 0xD7FF);
        }
        return new string(chars);
    }

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["a"] = node };
        }
        return node;
    }

    /// <summary>Frames no client library would send: broken JSON, wrong message types, missing fields, binary junk.</summary>
    private static async Task<int> FuzzRawFrames(VivSession session, Uri baseAddress, int seed, int count)
    {
        var random = new Random(seed);
        string[] frames =
        [
            "{\"type\":1,\"target\":\"Signal\",\"arguments\":[]}",
            "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Signal\",\"arguments\":{\"not\":\"an array\"}}",
            "{\"type\":1,\"invocationId\":\"2\",\"target\":\"StartCall\",\"arguments\":[\"not-a-guid\",\"video\"]}",
            "{\"type\":1,\"invocationId\":\"3\",\"target\":\"HangUp\",\"arguments\":[null]}",
            "{\"type\":99}",
            "{\"type\":3,\"invocationId\":\"404\",\"result\":1}",
            "{\"type\":4,\"invocationId\":\"5\",\"target\":\"Contacts\",\"arguments\":[]}",
            "{\"type\":5,\"invocationId\":\"nope\"}",
            "{\"type\":1,\"invocationId\":\"6\",\"target\":\"Search\",\"arguments\":[\"a\",1,2,3,4,5]}",
            "{\"type\":1,\"invocationId\":\"7\",\"target\":\"Search\",\"arguments\":[\"a\",\"1e400\"]}",
            "{\"type\":1,\"invocationId\":\"8\",\"target\":\"ChangeContact\",\"arguments\":[\"00000000-0000-0000-0000-000000000000\",\"request\"],\"streamIds\":[\"x\"]}",
            "not json at all",
            "{\"type\":1,\"invocationId\":",
            "[]",
            "null",
            "{\"type\":\"1\"}",
            "{\"type\":1,\"invocationId\":\"9\",\"target\":\"\",\"arguments\":[]}",
        ];
        var sent = 0;
        while (sent < count)
        {
            using var socket = new ClientWebSocket();
            socket.Options.Cookies = session.Cookies;
            var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/hub" }.Uri;
            await socket.ConnectAsync(uri, CancellationToken.None);
            await Send(socket, random.Next(10) == 0 ? "{\"protocol\":\"msgpack\",\"version\":42}\u001e" : "{\"protocol\":\"json\",\"version\":1}\u001e");
            var reading = ReadUntilClosed(socket);
            while (sent < count && !reading.IsCompleted)
            {
                var frame = random.Next(8) == 0
                    ? Encoding.UTF8.GetString(Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256)).ToArray())
                    : frames[random.Next(frames.Length)];
                try
                {
                    await Send(socket, frame + (random.Next(6) == 0 ? "" : "\u001e"));
                }
                catch (WebSocketException)
                {
                    // The server closed the connection over an earlier frame: counted, and a new one opens.
                }
                sent++;
                await Task.Delay(2);
            }
            socket.Abort();
            await reading;
        }
        return sent;
    }

    private static Task Send(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Reads the server's answers until it closes the connection (or the test aborts it).</summary>
    private static async Task ReadUntilClosed(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Aborted by the test: the connection is over either way.
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Ids worth aiming at: the real call, its people, calls the fuzzers started or were rung for.</summary>
    private sealed class KnownIds(IEnumerable<Guid> initial)
    {
        private readonly List<Guid> _ids = [.. initial];

        public void Add(Guid id)
        {
            lock (_ids)
            {
                _ids.Add(id);
            }
        }

        public Guid Pick(Random random)
        {
            lock (_ids)
            {
                return _ids[random.Next(_ids.Count)];
            }
        }
    }
}
