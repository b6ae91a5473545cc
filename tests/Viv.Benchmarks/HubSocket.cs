using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace Viv.Benchmarks;

/// <summary>
/// A SignalR client of the JSON hub protocol over a bare WebSocket (<see cref="TextSocket"/>): the handshake,
/// invocations with and without a result, one event handed on, the server's pings answered. The signaling
/// command drives Viv and the plain hub with it, so that every target has the same client as the socket.io
/// and raw ones (a text socket and <c>System.Text.Json</c>): with SignalR's own .NET client, about a third of a
/// millisecond of every SignalR target's median was the client's (BENCHMARKS.md, signaling).
/// </summary>
internal sealed class HubSocket : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private static readonly byte[] Ping = [.. "{\"type\":6}"u8, Separator];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TextSocket _socket = null!;
    private int _lastId;

    public static async Task<HubSocket> Connect(Uri hub, Action<ClientWebSocketOptions> configure, string eventName, Action<JsonElement> onEvent)
    {
        var client = new HubSocket();
        client._socket = await TextSocket.Connect(hub, (socket, message) => client.Received(socket, message, eventName, onEvent), configure);
        await client._socket.Send([.. "{\"protocol\":\"json\",\"version\":1}"u8, Separator]);
        await client._handshake.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    private async Task Received(TextSocket socket, ReadOnlyMemory<byte> message, string eventName, Action<JsonElement> onEvent)
    {
        while (message.Length > 0)
        {
            var end = message.Span.IndexOf(Separator);
            using var record = JsonDocument.Parse(message[..end]);
            message = message[(end + 1)..];
            var root = record.RootElement;
            if (!root.TryGetProperty("type", out var type))
            {
                _handshake.TrySetResult();
                continue;
            }
            switch (type.GetInt32())
            {
                case 1 when root.GetProperty("target").ValueEquals(eventName):
                    onEvent(root.GetProperty("arguments")[0]);
                    break;
                case 3 when _pending.TryRemove(root.GetProperty("invocationId").GetString()!, out var pending):
                    if (root.TryGetProperty("error", out var error))
                    {
                        pending.TrySetException(new InvalidOperationException($"The hub refused: {error.GetString()}"));
                    }
                    else
                    {
                        pending.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                    }
                    break;
                case 6:
                    await socket.Send(Ping);
                    break;
            }
        }
    }

    /// <summary>Invokes a hub method and waits for its result.</summary>
    public async Task<JsonElement> Invoke(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await _socket.Send(Frame(new { type = 1, invocationId = id, target, arguments }));
        return await completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Invokes a hub method without asking for its result, as the SignalR client's SendAsync does.</summary>
    public Task Send(string target, params object?[] arguments) => _socket.Send(Frame(new { type = 1, target, arguments }));

    private static byte[] Frame(object message) => [.. JsonSerializer.SerializeToUtf8Bytes(message), Separator];

    public ValueTask DisposeAsync() => _socket.DisposeAsync();
}
