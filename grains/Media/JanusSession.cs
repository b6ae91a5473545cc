using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Viv.Media;

/// <summary>
/// One WebSocket to a Janus instance and the one Janus session on it. Requests are matched to their
/// replies by transaction: Janus answers most with <c>success</c> or <c>ack</c>, and a plugin message
/// with an <c>ack</c> first and its result later in an <c>event</c> of the same transaction. Every
/// other message goes to the handle it is about (<c>sender</c>); the read loop only hands it over.
/// </summary>
internal sealed class JanusSession : IAsyncDisposable
{
    public const string VideoRoom = "janus.plugin.videoroom";

    /// <summary>Janus ends a session after 60 s without a request (its <c>session_timeout</c>).</summary>
    private static readonly TimeSpan KeepaliveEvery = TimeSpan.FromSeconds(15);

    /// <summary>Janus answers in milliseconds; a publisher's answer waits for its own candidates, a second at most on a normal host.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket = new();
    private readonly string _server;
    private readonly string _apiSecret;
    private readonly ConcurrentDictionary<string, Pending> _pending = new();
    private readonly ConcurrentDictionary<long, Action<JsonObject>> _handles = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _transactions;

    private JanusSession(string server, string apiSecret) => (_server, _apiSecret) = (server, apiSecret);

    public long Id { get; private set; }

    /// <summary>Completes, with the reason, when the WebSocket closes or Janus ends the session: every handle is gone with it.</summary>
    public Task<string> Lost => _lost.Task;

    /// <summary>Connects and creates the session; fails with what Janus or the network said.</summary>
    public static async Task<JanusSession> Open(JanusInstance instance)
    {
        var session = new JanusSession(instance.DisplayName, instance.ApiSecret);
        session._socket.Options.AddSubProtocol("janus-protocol");
        try
        {
            using var connecting = new CancellationTokenSource(AnswerWithin);
            await session._socket.ConnectAsync(new Uri(instance.Url), connecting.Token);
            _ = session.Read();
            session.Id = (long)(await session.Request("create"))["data"]!["id"]!;
            _ = session.KeepAlive();
            return session;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            await session.DisposeAsync();
            throw new MediaServerUnavailableException($"Janus {instance.DisplayName} at {instance.Url} cannot be reached: {e.Message}");
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Attaches a VideoRoom handle whose events go to <paramref name="events"/>, which must not block.</summary>
    public async Task<long> Attach(Action<JsonObject> events)
    {
        var handle = (long)(await Request("attach", fields: new() { ["plugin"] = VideoRoom }))["data"]!["id"]!;
        _handles[handle] = events;
        return handle;
    }

    /// <summary>Detaches the handle; its events stop first, so its own hangup is not reported.</summary>
    public async Task Detach(long handle)
    {
        if (_handles.TryRemove(handle, out _) && !Lost.IsCompleted)
        {
            await Request("detach", handle);
        }
    }

    /// <summary>
    /// Sends the VideoRoom plugin a request on a handle, with a session description (<paramref name="jsep"/>)
    /// or not, and returns the plugin's data and Janus's session description, if any.
    /// </summary>
    /// <exception cref="JanusException">Janus or the plugin refused it.</exception>
    public async Task<JanusReply> Message(long handle, JsonObject body, JsonObject? jsep = null)
    {
        var fields = new JsonObject { ["body"] = body };
        if (jsep is not null)
        {
            fields["jsep"] = jsep;
        }
        var reply = await Request("message", handle, fields);
        var data = reply["plugindata"]?["data"]?.AsObject() ?? [];
        if (data["error_code"] is { } code)
        {
            throw new JanusException((int)code, (string?)data["error"] ?? "");
        }
        return new JanusReply(data, (string?)reply["jsep"]?["sdp"]);
    }

    /// <summary>One of a tab's ICE candidates for a handle's PeerConnection; an empty one ends them.</summary>
    public Task Trickle(long handle, Calls.IceCandidate candidate) =>
        Request("trickle", handle, new()
        {
            ["candidate"] = candidate.Candidate.Length == 0
                ? new JsonObject { ["completed"] = true }
                : new JsonObject { ["candidate"] = candidate.Candidate, ["sdpMid"] = candidate.SdpMid, ["sdpMLineIndex"] = candidate.SdpMLineIndex },
        });

    private async Task<JsonObject> Request(string janus, long? handle = null, JsonObject? fields = null)
    {
        var transaction = Interlocked.Increment(ref _transactions).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = fields ?? [];
        message["janus"] = janus;
        message["transaction"] = transaction;
        message["apisecret"] = _apiSecret;
        if (Id != 0)
        {
            message["session_id"] = Id;
        }
        if (handle is { } id)
        {
            message["handle_id"] = id;
        }
        // A plugin message may be acknowledged first and answered later; everything else is answered at once.
        var pending = new Pending(janus == "message");
        _pending[transaction] = pending;
        try
        {
            await Send(message);
            return await pending.Reply.Task.WaitAsync(AnswerWithin);
        }
        catch (TimeoutException)
        {
            throw new MediaServerUnavailableException($"Janus {_server} did not answer a {janus} request within {AnswerWithin.TotalSeconds} s");
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            throw new MediaServerUnavailableException($"Janus {_server} went away: {e.Message}");
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    private async Task Send(JsonObject message)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await _sending.WaitAsync(_closing.Token);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task Read()
    {
        var frame = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                frame.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(frame.GetMemory(16 * 1024), _closing.Token);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        Fail("it closed the WebSocket");
                        return;
                    }
                    frame.Advance(received.Count);
                }
                while (!received.EndOfMessage);
                if (JsonNode.Parse(frame.WrittenSpan) is JsonObject message)
                {
                    Dispatch(message);
                }
            }
        }
        catch (Exception e)
        {
            // Whatever stops the reading (the socket, or a message that makes no sense) ends the session:
            // without its events, the handles on it cannot be trusted.
            Fail(e.Message);
        }
    }

    private void Dispatch(JsonObject message)
    {
        var kind = (string?)message["janus"];
        if ((string?)message["transaction"] is { } transaction && _pending.TryGetValue(transaction, out var pending))
        {
            switch (kind)
            {
                case "ack" when pending.AwaitsEvent:
                    return;
                case "error":
                    pending.Reply.TrySetException(new JanusException((int?)message["error"]?["code"] ?? 0, (string?)message["error"]?["reason"] ?? ""));
                    return;
                default:
                    pending.Reply.TrySetResult(message);
                    return;
            }
        }
        if (kind == "timeout")
        {
            Fail("it ended the session (timeout)");
        }
        else if (message["sender"] is { } sender && _handles.TryGetValue((long)sender, out var events))
        {
            events(message);
        }
    }

    private async Task KeepAlive()
    {
        try
        {
            while (true)
            {
                await Task.Delay(KeepaliveEvery, _closing.Token);
                await Request("keepalive");
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is MediaServerUnavailableException or JanusException)
        {
            Fail(e.Message);
        }
    }

    private void Fail(string reason)
    {
        if (!_lost.TrySetResult(reason))
        {
            return;
        }
        _handles.Clear();
        foreach (var pending in _pending.Values)
        {
            pending.Reply.TrySetException(new MediaServerUnavailableException($"Janus {_server} went away: {reason}"));
        }
        _closing.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Closing a socket that is already going away: it ends below either way.
            }
        }
        Fail("Viv closed the session");
        _socket.Dispose();
    }

    private sealed record Pending(bool AwaitsEvent)
    {
        public TaskCompletionSource<JsonObject> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What the VideoRoom plugin answered: its data, and Janus's session description when it sent one.</summary>
internal sealed record JanusReply(JsonObject Data, string? Sdp);
