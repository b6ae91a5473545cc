using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>One sender and one receiver; every message carries the sender's timestamp, read back on arrival.</summary>
internal interface ILink : IAsyncDisposable
{
    Task Send(bool offerSized, long timestamp);
}

/// <summary>
/// The signaling messages every target carries: nine in ten an ICE candidate as Chromium sends one (a
/// server-reflexive candidate with its ufrag and network cost; about 300 bytes on the wire with each
/// protocol's envelope and ids), one in ten offer-sized (about 3 KB).
/// </summary>
internal static class Payloads
{
    private static readonly string Padding = "a=x-viv-benchmark:" + new string('x', 3000) + "\r\n";

    public static object Signal(bool offerSized, long timestamp) => offerSized
        ? new { description = new { type = "offer", sdp = $"v=0\r\no=- {timestamp} 2 IN IP4 127.0.0.1\r\n{Padding}" } }
        : new
        {
            candidate = new
            {
                candidate = $"candidate:{timestamp} 1 udp 1677729535 203.0.113.7 50230 typ srflx raddr 192.168.1.20 rport 50230 generation 0 ufrag EsAw network-id 1 network-cost 10",
                sdpMid = "0",
                sdpMLineIndex = 0,
                usernameFragment = "EsAw",
            },
        };

    /// <summary>The timestamp inside a signal, wherever it is.</summary>
    public static long Timestamp(JsonElement signal)
    {
        var text = signal.TryGetProperty("candidate", out var c) && c.ValueKind == JsonValueKind.Object
            ? c.GetProperty("candidate").GetString()!["candidate:".Length..]
            : signal.GetProperty("description").GetProperty("sdp").GetString()!["v=0\r\no=- ".Length..];
        return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Two Viv users in a call: the caller's signals go client → web → call room → web → client, as in a real
/// call. Each is a registered user whose session cookie opens one <see cref="HubSocket"/>, the tab in the call.
/// </summary>
internal sealed class VivLink(HubSocket caller, HubSocket callee, Guid calleeId, Guid callId) : ILink
{
    public static async Task<VivLink> Open(Uri viv, int index, Latencies latencies)
    {
        var (callerSession, callerId, _) = await HubUser.Register(viv, $"Bench Caller {index}");
        var (calleeSession, calleeId, _) = await HubUser.Register(viv, $"Bench Callee {index}");
        var hub = new Uri(viv, "/hub");
        var caller = await HubSocket.Connect(hub, options => options.Cookies = callerSession.Cookies, "signal", _ => { });
        var callee = await HubSocket.Connect(hub, options => options.Cookies = calleeSession.Cookies, "signal", e => latencies.Add(Payloads.Timestamp(e.GetProperty("signal"))));
        Expect(index, "request contact", await caller.Invoke("ChangeContact", calleeId, "request"));
        Expect(index, "accept contact", await callee.Invoke("ChangeContact", callerId, "accept"));
        var started = Expect(index, "start a call", await caller.Invoke("StartCall", calleeId, "voice"));
        var callId = started.GetProperty("callId").GetGuid();
        Expect(index, "answer", await callee.Invoke("AnswerCall", callId, true));
        return new VivLink(caller, callee, calleeId, callId);
    }

    private static JsonElement Expect(int index, string step, JsonElement reply) => reply.GetProperty("ok").GetBoolean()
        ? reply
        : throw new InvalidOperationException($"Pair {index} could not {step}: {reply}");

    public Task Send(bool offerSized, long timestamp) => caller.Send("Signal", callId, calleeId, Payloads.Signal(offerSized, timestamp));

    public async ValueTask DisposeAsync()
    {
        await caller.Invoke("HangUp", callId);
        await caller.DisposeAsync();
        await callee.DisposeAsync();
    }
}

/// <summary>The same messages through a plain SignalR hub (<see cref="PlainHub"/>), with the same client and transport.</summary>
internal sealed class PlainHubLink(HubSocket sender, HubSocket receiver, string to) : ILink
{
    public static async Task<PlainHubLink> Open(Uri address, int index, Latencies latencies)
    {
        var hub = new Uri(address, "/hub");
        var sender = await HubSocket.Connect(hub, options => options.SetRequestHeader(PlainHub.UserHeader, $"caller-{index}"), "signal", _ => { });
        var receiver = await HubSocket.Connect(hub, options => options.SetRequestHeader(PlainHub.UserHeader, $"callee-{index}"), "signal", e => latencies.Add(Payloads.Timestamp(e.GetProperty("signal"))));
        return new PlainHubLink(sender, receiver, $"callee-{index}");
    }

    public Task Send(bool offerSized, long timestamp) => sender.Send("Signal", to, Payloads.Signal(offerSized, timestamp));

    public async ValueTask DisposeAsync()
    {
        await sender.DisposeAsync();
        await receiver.DisposeAsync();
    }
}

/// <summary>The same messages through the raw relay, framed as SignalR frames them (a JSON invocation).</summary>
internal sealed class RawLink(TextSocket sender, TextSocket receiver) : ILink
{
    public static async Task<RawLink> Open(Uri relay, int index, Latencies latencies)
    {
        var sender = await TextSocket.Connect(new Uri(relay, $"/relay?pair={index}"), (_, _) => Task.CompletedTask);
        var receiver = await TextSocket.Connect(new Uri(relay, $"/relay?pair={index}"), (_, message) =>
        {
            using var invocation = JsonDocument.Parse(message);
            latencies.Add(Payloads.Timestamp(invocation.RootElement.GetProperty("arguments")[2]));
            return Task.CompletedTask;
        });
        return new RawLink(sender, receiver);
    }

    public Task Send(bool offerSized, long timestamp) =>
        sender.Send(JsonSerializer.SerializeToUtf8Bytes(new { type = 1, target = "Signal", arguments = new object[] { Guid.Empty, Guid.Empty, Payloads.Signal(offerSized, timestamp) } }));

    public async ValueTask DisposeAsync()
    {
        await sender.DisposeAsync();
        await receiver.DisposeAsync();
    }
}

/// <summary>
/// The same messages through the seed's socket.io relay, spoken as socket.io 4 speaks over a WebSocket
/// (Engine.IO 4: the server opens with <c>0{…}</c>, <c>40</c> joins the main namespace, <c>42[event, data]</c>
/// is an event, and a <c>2</c> ping is answered <c>3</c>).
/// </summary>
internal sealed class SocketIoLink(TextSocket sender, TextSocket receiver, string to) : ILink
{
    public static async Task<SocketIoLink> Open(Uri relay, int index, Latencies latencies)
    {
        var sender = await Connect(relay, $"caller-{index}", _ => { });
        var receiver = await Connect(relay, $"callee-{index}", e => latencies.Add(Payloads.Timestamp(e[1].GetProperty("signal"))));
        return new SocketIoLink(sender, receiver, $"callee-{index}");
    }

    private static async Task<TextSocket> Connect(Uri relay, string user, Action<JsonElement> onEvent)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var socket = await TextSocket.Connect(new Uri(relay, $"/socket.io/?EIO=4&transport=websocket&user={user}"), async (self, message) =>
        {
            switch ((char)message.Span[0], message.Length > 1 ? (char)message.Span[1] : ' ')
            {
                case ('2', _):
                    await self.Send("3"u8.ToArray());
                    break;
                case ('4', '0'):
                    joined.TrySetResult();
                    break;
                case ('4', '2'):
                    using (var packet = JsonDocument.Parse(message[2..]))
                    {
                        onEvent(packet.RootElement);
                    }
                    break;
            }
        });
        await socket.Send("40"u8.ToArray());
        await joined.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return socket;
    }

    public Task Send(bool offerSized, long timestamp) =>
        sender.Send(Encoding.UTF8.GetBytes("42" + JsonSerializer.Serialize(new object[] { "signal", new { to, signal = Payloads.Signal(offerSized, timestamp) } })));

    public async ValueTask DisposeAsync()
    {
        await sender.DisposeAsync();
        await receiver.DisposeAsync();
    }
}

/// <summary>A client WebSocket of text messages: one send at a time, and every whole message received handed on.</summary>
internal sealed class TextSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _receiving = Task.CompletedTask;

    /// <param name="configure">The connection's cookies or headers: who it is.</param>
    public static async Task<TextSocket> Connect(Uri address, Func<TextSocket, ReadOnlyMemory<byte>, Task> received, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new TextSocket();
        configure?.Invoke(socket._socket.Options);
        await socket._socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws" }.Uri, CancellationToken.None);
        socket._receiving = socket.Receive(received);
        return socket;
    }

    private async Task Receive(Func<TextSocket, ReadOnlyMemory<byte>, Task> received)
    {
        var buffer = new byte[64 * 1024];
        while (_socket.State == WebSocketState.Open)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            await received(this, buffer.AsMemory(0, count));
        }
    }

    public async Task Send(byte[] message)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        // An aborted socket ends its receive loop with an exception: that is the end, not a failure.
        await Task.WhenAny(_receiving, Task.Delay(1000));
        _socket.Dispose();
        _sending.Dispose();
    }
}
