using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>One sender and one receiver; every message carries the sender's timestamp, read back on arrival.</summary>
internal interface ILink : IAsyncDisposable
{
    Task Send(bool offerSized, long timestamp);
}

/// <summary>The signaling messages both targets carry: ICE-candidate-sized, and one in ten offer-sized (about 3 KB).</summary>
internal static class Payloads
{
    private static readonly string Padding = "a=x-viv-benchmark:" + new string('x', 3000) + "\r\n";

    public static object Signal(bool offerSized, long timestamp) => offerSized
        ? new { description = new { type = "offer", sdp = $"v=0\r\no=- {timestamp} 2 IN IP4 127.0.0.1\r\n{Padding}" } }
        : new { candidate = new { candidate = $"candidate:{timestamp} 1 udp 2122260223 127.0.0.1 9 typ host", sdpMid = "0", sdpMLineIndex = 0 } };

    /// <summary>The timestamp inside a signal, wherever it is.</summary>
    public static long Timestamp(JsonElement signal)
    {
        var text = signal.TryGetProperty("candidate", out var c) && c.ValueKind == JsonValueKind.Object
            ? c.GetProperty("candidate").GetString()!["candidate:".Length..]
            : signal.GetProperty("description").GetProperty("sdp").GetString()!["v=0\r\no=- ".Length..];
        return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Two Viv users in a call: the caller's signals go browser → web → call room → web → browser, as in a real call.</summary>
internal sealed class VivLink(HubUser caller, HubUser callee, Guid callId) : ILink
{
    public static async Task<VivLink> Open(Uri viv, int index, Latencies latencies)
    {
        var caller = await HubUser.SignIn(viv, $"Bench Caller {index}");
        var callee = await HubUser.SignIn(viv, $"Bench Callee {index}");
        await caller.BecomeContacts(callee);
        callee.Hub.On<JsonElement>("signal", e => latencies.Add(Payloads.Timestamp(e.GetProperty("signal"))));
        var started = await caller.Hub.InvokeAsync<JsonElement>("StartCall", callee.Id, "voice");
        var callId = started.GetProperty("callId").GetGuid();
        var answered = await callee.Hub.InvokeAsync<JsonElement>("AnswerCall", callId, true);
        if (!answered.GetProperty("ok").GetBoolean())
        {
            throw new InvalidOperationException($"Pair {index} could not set up a call: {answered}");
        }
        return new VivLink(caller, callee, callId);
    }

    public Task Send(bool offerSized, long timestamp) => caller.Hub.SendAsync("Signal", callId, callee.Id, Payloads.Signal(offerSized, timestamp));

    public async ValueTask DisposeAsync()
    {
        await caller.Hub.InvokeAsync<JsonElement>("HangUp", callId);
        await caller.DisposeAsync();
        await callee.DisposeAsync();
    }
}

/// <summary>The same messages through the raw relay, framed as SignalR frames them (a JSON invocation).</summary>
internal sealed class RawLink(ClientWebSocket sender, ClientWebSocket receiver, Task receiving) : ILink
{
    public static async Task<RawLink> Open(Uri relay, int index, Latencies latencies)
    {
        var sender = new ClientWebSocket();
        var receiver = new ClientWebSocket();
        await sender.ConnectAsync(new Uri(relay, $"/relay?pair={index}"), CancellationToken.None);
        await receiver.ConnectAsync(new Uri(relay, $"/relay?pair={index}"), CancellationToken.None);
        return new RawLink(sender, receiver, Receive(receiver, latencies));
    }

    private static async Task Receive(ClientWebSocket socket, Latencies latencies)
    {
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open && !socket.CloseStatus.HasValue)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            using var message = JsonDocument.Parse(buffer.AsMemory(0, count));
            latencies.Add(Payloads.Timestamp(message.RootElement.GetProperty("arguments")[2]));
        }
    }

    private readonly SemaphoreSlim _sending = new(1, 1);

    public async Task Send(bool offerSized, long timestamp)
    {
        var invocation = JsonSerializer.SerializeToUtf8Bytes(new { type = 1, target = "Signal", arguments = new object[] { Guid.Empty, Guid.Empty, Payloads.Signal(offerSized, timestamp) } });
        await _sending.WaitAsync();
        try
        {
            await sender.SendAsync(invocation, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        sender.Abort();
        receiver.Abort();
        await Task.WhenAny(receiving, Task.Delay(1000));
        sender.Dispose();
        receiver.Dispose();
        _sending.Dispose();
    }
}
