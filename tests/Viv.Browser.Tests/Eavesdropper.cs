using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Viv.Browser.Tests;

/// <summary>
/// Whoever runs the media server, listening in on a call: with the room's pin (<see cref="JanusWiretap"/>)
/// and Janus's API secret it joins the room as a subscriber to every feed, and a browser page of its
/// own takes what Janus forwards. The page tries to play it, and keeps every frame's bytes as they
/// arrived, for the test to try participants' keys on.
/// </summary>
internal sealed class Eavesdropper : IAsyncDisposable
{
    /// <summary>
    /// The page's side: a connection that answers Janus, a worker between each line's depacketizer and
    /// decoder that copies every frame and passes it on unchanged, and a video element per video line.
    /// </summary>
    private const string Listening = """
        async (offer) => {
          const worker = new Worker(URL.createObjectURL(new Blob([`
            onrtctransform = ({ transformer }) => {
              const { mid } = transformer.options;
              transformer.readable.pipeThrough(new TransformStream({ transform(frame, controller) {
                postMessage({ mid, mimeType: frame.getMetadata().mimeType, data: frame.data.slice(0) });
                controller.enqueue(frame);
              } })).pipeTo(transformer.writable);
            };`], { type: "text/javascript" })));
          window.eavesdropped = { phase: null, frames: [] };
          worker.onmessage = ({ data }) => eavesdropped.phase && eavesdropped.frames.push({ ...data, phase: eavesdropped.phase });
          const pc = new RTCPeerConnection();
          window.eavesdropped.pc = pc;
          pc.ontrack = ({ track, transceiver }) => {
            transceiver.receiver.transform = new RTCRtpScriptTransform(worker, { mid: transceiver.mid });
            if (track.kind !== "video") return;
            const video = document.createElement("video");
            video.muted = video.autoplay = true;
            video.srcObject = new MediaStream([track]);
            document.body.append(video);
          };
          await pc.setRemoteDescription({ type: "offer", sdp: offer });
          await pc.setLocalDescription();
          await new Promise((done) => pc.iceGatheringState === "complete" ? done() : pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && done()));
          return pc.localDescription.sdp;
        }
        """;

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _waiting = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _leaving = new();
    private readonly JanusServer _janus;
    private long _session;
    private long _transactions;

    private Eavesdropper(JanusServer janus, Person page)
    {
        _janus = janus;
        Page = page;
    }

    public Person Page { get; }

    /// <summary>Joins <paramref name="room"/> with its <paramref name="pin"/> and subscribes to every feed published there now.</summary>
    public static async Task<Eavesdropper> Join(JanusServer janus, long room, string pin, Person page)
    {
        var eavesdropper = new Eavesdropper(janus, page);
        await eavesdropper.Subscribe(room, pin);
        return eavesdropper;
    }

    private async Task Subscribe(long room, string pin)
    {
        _socket.Options.AddSubProtocol("janus-protocol");
        await _socket.ConnectAsync(new Uri(_janus.Url), _leaving.Token);
        _ = Read();
        _session = (long)(await Request(new() { ["janus"] = "create" }))["data"]!["id"]!;
        _ = KeepAlive();
        var handle = (long)(await Request(new() { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }))["data"]!["id"]!;
        var participants = await Request(new() { ["janus"] = "message", ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "listparticipants", ["room"] = room } });
        var feeds = participants["plugindata"]!["data"]!["participants"]!.AsArray()
            .Where(p => (bool?)p!["publisher"] == true).Select(p => (JsonNode)new JsonObject { ["feed"] = (long)p!["id"]! }).ToArray();
        Assert.NotEmpty(feeds);
        var offer = await Request(new()
        {
            ["janus"] = "message", ["handle_id"] = handle,
            ["body"] = new JsonObject { ["request"] = "join", ["ptype"] = "subscriber", ["room"] = room, ["pin"] = pin, ["streams"] = new JsonArray(feeds) },
        });
        await Page.Page.GotoAsync("/Account/Login");
        var answer = await Page.Page.EvaluateAsync<string>(Listening, (string)offer["jsep"]!["sdp"]!);
        await Request(new()
        {
            ["janus"] = "message", ["handle_id"] = handle, ["body"] = new JsonObject { ["request"] = "start" },
            ["jsep"] = new JsonObject { ["type"] = "answer", ["sdp"] = answer },
        });
    }

    /// <summary>From now on every frame that arrives is kept under <paramref name="phase"/>; null keeps none.</summary>
    public Task Record(string? phase) => Page.Page.EvaluateAsync("phase => eavesdropped.phase = phase", phase);

    /// <summary>
    /// The frames kept under <paramref name="phase"/>, as JSON for another page: each line's mid, the
    /// codec and the bytes as they arrived, in base64.
    /// </summary>
    public Task<string> Frames(string phase) => Page.Page.EvaluateAsync<string>("""
        (phase) => JSON.stringify(eavesdropped.frames.filter(f => f.phase === phase).map(({ mid, mimeType, data }) => {
          let binary = "";
          new Uint8Array(data).forEach((byte) => binary += String.fromCharCode(byte));
          return { mid, mimeType, data: btoa(binary) };
        }))
        """, phase);

    /// <summary>What the page's connection received and decoded of the video: packets and frames, summed over every line.</summary>
    public Task<Received> Video() => Page.Page.EvaluateAsync<Received>("""
        async () => {
          const video = [...(await eavesdropped.pc.getStats()).values()].filter(s => s.type === "inbound-rtp" && s.kind === "video");
          const sum = (field) => video.reduce((total, s) => total + (s[field] ?? 0), 0);
          return { packetsReceived: sum("packetsReceived"), framesReceived: sum("framesReceived"), framesDecoded: sum("framesDecoded"),
            picturesShown: [...document.querySelectorAll("video")].reduce((total, v) => total + (v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0), 0) };
        }
        """);

    public sealed record Received
    {
        public long PacketsReceived { get; init; }

        public long FramesReceived { get; init; }

        public long FramesDecoded { get; init; }

        public long PicturesShown { get; init; }
    }

    private async Task<JsonObject> Request(JsonObject request)
    {
        var transaction = Interlocked.Increment(ref _transactions).ToString(System.Globalization.CultureInfo.InvariantCulture);
        request["transaction"] = transaction;
        request["apisecret"] = _janus.ApiSecret;
        if (_session != 0)
        {
            request["session_id"] = _session;
        }
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[transaction] = reply;
        await Send(request);
        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(15));
        if ((string?)answer["janus"] == "error" || answer["plugindata"]?["data"]?["error"] is not null)
        {
            throw new InvalidOperationException($"Janus refused the eavesdropper: {answer.ToJsonString()}");
        }
        return answer;
    }

    private async Task Send(JsonObject message)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _leaving.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Hands each reply to its request: an <c>ack</c> only says a plugin's answer (an <c>event</c>) follows.</summary>
    private async Task Read()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (!_leaving.IsCancellationRequested)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer.AsMemory(length), _leaving.Token);
                    length += received.Count;
                }
                while (!received.EndOfMessage);
                var message = JsonNode.Parse(buffer.AsSpan(0, length))!.AsObject();
                if ((string?)message["janus"] != "ack" && (string?)message["transaction"] is { } transaction && _waiting.TryRemove(transaction, out var reply))
                {
                    reply.SetResult(message);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Left, or Janus went: nothing more to hear.
        }
    }

    /// <summary>Janus ends a session after 60 s without a request.</summary>
    private async Task KeepAlive()
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(15), _leaving.Token);
                await Send(new() { ["janus"] = "keepalive", ["session_id"] = _session, ["apisecret"] = _janus.ApiSecret, ["transaction"] = "keepalive" });
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Left.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _leaving.CancelAsync();
        _socket.Dispose();
        await Page.DisposeAsync();
    }
}
