using System.Collections.Concurrent;

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
}
