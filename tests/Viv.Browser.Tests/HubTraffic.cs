using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Viv.Browser.Tests;

/// <summary>
/// Every WebSocket frame a page sends to or receives from Viv, as the browser saw it: the proof
/// that chat, files and pictures travel between browsers and never through the server.
/// </summary>
internal sealed class HubTraffic
{
    private readonly ConcurrentQueue<string> _frames = new();
    private long _bytesSent;

    /// <summary>Starts listening; the page must open its hub connection after this (navigate or reload).</summary>
    public HubTraffic(IPage page) =>
        page.WebSocket += (_, socket) =>
        {
            socket.FrameSent += (_, frame) =>
            {
                Interlocked.Add(ref _bytesSent, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));
                _frames.Enqueue(frame.Text ?? "");
            };
            socket.FrameReceived += (_, frame) => _frames.Enqueue(frame.Text ?? "");
        };

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public bool Mentions(string text) => Count(text) > 0;

    public int Count(string text) => _frames.Count(f => f.Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// How many frames mention <paramref name="text"/>, once at least one does. Playwright raises a
    /// frame's event a little after the page handled it: in a voice call whose audio already played,
    /// the listener's traffic did not hold the call's offer yet.
    /// </summary>
    public async Task<int> Seen(string text)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (Count(text) == 0)
        {
            await Task.Delay(50, patience.Token);
        }
        return Count(text);
    }

    /// <summary>The first argument of every call of <paramref name="target"/> the server made on the page, in order (SignalR's JSON protocol).</summary>
    public IReadOnlyList<JsonObject> Received(string target) =>
        _frames.SelectMany(HubFrames.Messages)
            .Select(m => JsonNode.Parse(m) as JsonObject)
            .Where(m => (int?)m?["type"] == 1 && (string?)m["target"] == target)
            .Select(m => m!["arguments"]![0]!.AsObject())
            .ToList();
}
