using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace Viv.Benchmarks;

/// <summary>
/// The floor: a minimal WebSocket relay on Kestrel, no Orleans, no SignalR. Each socket joins a
/// pair by name (<c>/relay?pair=N</c>); every message is passed as it is to the other socket of the pair.
/// </summary>
internal sealed class RawRelay
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<WebSocket>> _pairs = new();

    public async Task Accept(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var pair = _pairs.GetOrAdd(context.Request.Query["pair"].ToString(), _ => []);
        pair.Add(socket);
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                var other = pair.FirstOrDefault(s => s != socket);
                if (other is not null)
                {
                    // One writer per socket at a time: in this benchmark only the other side's reader writes to it.
                    await other.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The benchmark aborts its sockets when a run ends.
        }
    }
}
