using System.Text.Json;

namespace Viv.Browser.Tests;

/// <summary>
/// Stands between a page and Viv's hub, passing every frame on both ways. It can send Viv, on the
/// page's behalf, a frame Viv cannot read: SignalR then closes that connection with an error (and lets
/// the client reconnect). It can refuse the page's new connections for a while, as a network that
/// is down would, and lose the messages of some methods both ways. Counts the page's connections that
/// reached Viv, so a test can wait for what the page asks on its next one.
/// Install it before the page opens its hub connection.
/// </summary>
internal sealed class HubRelay
{
    private readonly Lock _lock = new();
    private readonly List<IWebSocketRoute> _servers = [];
    private readonly List<Awaited> _awaited = [];
    private volatile bool _refusing;
    private volatile IReadOnlySet<string> _dropping = new HashSet<string>();

    private HubRelay()
    {
    }

    public static async Task<HubRelay> Install(IPage page)
    {
        var relay = new HubRelay();
        await page.RouteWebSocketAsync(HubFrames.Hub(), pageSide =>
        {
            if (relay.Refusing)
            {
                pageSide.CloseAsync();
                return;
            }
            var server = pageSide.ConnectToServer();
            int connection;
            lock (relay._lock)
            {
                connection = relay._servers.Count;
                relay._servers.Add(server);
            }
            // Viv's hub speaks SignalR's JSON protocol: every frame is text.
            pageSide.OnMessage(frame =>
            {
                relay.Asked(connection, frame.Text!);
                relay.Pass(frame.Text!, server.Send);
            });
            server.OnMessage(frame =>
            {
                relay.Answered(connection, frame.Text!);
                relay.Pass(frame.Text!, pageSide.Send);
            });
        });
        return relay;
    }

    /// <summary>
    /// <paramref name="caller"/> calls <paramref name="callee"/>, whose page reaches Viv's hub through a
    /// relay installed first (the page reloads for it), and they see each other. Returns the relay.
    /// </summary>
    public static async Task<HubRelay> InACall(Person caller, string callerName, Person callee, string calleeName)
    {
        var hub = await Install(callee.Page);
        await callee.Page.ReloadAsync();
        await Person.Connected(callee.Page);
        await caller.Call(calleeName);
        await callee.AcceptCall();
        await caller.SeesVideoOf(calleeName);
        await callee.SeesVideoOf(callerName);
        return hub;
    }

    /// <summary>While true, the page's new connections close as they open, without reaching Viv.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>
    /// The methods whose messages are lost while set, both ways: the page's invocations of them (left
    /// unanswered) and Viv's calls of them on the page, as a network loss would lose them.
    /// </summary>
    public IReadOnlySet<string> Dropping
    {
        get => _dropping;
        set => _dropping = value;
    }

    /// <summary>Sends Viv, on the page's latest connection, a frame that is not JSON.</summary>
    public void SendUnreadable()
    {
        lock (_lock)
        {
            _servers[^1].Send($"this is not JSON{HubFrames.End}");
        }
    }

    /// <summary>
    /// Completes with Viv's reply once the page has called <paramref name="method"/> on its
    /// connection number <paramref name="connection"/> (the first is 0) and the reply has reached it.
    /// </summary>
    public Task<JsonElement> Reply(int connection, string method)
    {
        var awaited = new Awaited(connection, method);
        lock (_lock)
        {
            _awaited.Add(awaited);
        }
        return awaited.Reply.Task;
    }

    private void Asked(int connection, string text) => Read(text, message =>
    {
        if (message.TryGetProperty("target", out var target) && message.TryGetProperty("invocationId", out var id))
        {
            foreach (var awaited in _awaited.Where(a => a.Connection == connection && a.Method == target.GetString() && a.InvocationId is null))
            {
                awaited.InvocationId = id.GetString();
            }
        }
    });

    private void Answered(int connection, string text) => Read(text, message =>
    {
        if (message.TryGetProperty("invocationId", out var id) && message.TryGetProperty("result", out var result))
        {
            foreach (var awaited in _awaited.Where(a => a.Connection == connection && a.InvocationId == id.GetString()))
            {
                awaited.Reply.TrySetResult(result.Clone());
            }
        }
    });

    private void Pass(string frame, Action<string> send)
    {
        var dropping = _dropping;
        var kept = dropping.Count == 0 ? frame : string.Concat(HubFrames.Messages(frame)
            .Where(message => !Targets(message, dropping))
            .Select(message => message + HubFrames.End));
        if (kept.Length > 0)
        {
            send(kept);
        }
    }

    private static bool Targets(string message, IReadOnlySet<string> methods)
    {
        using var json = JsonDocument.Parse(message);
        return json.RootElement.TryGetProperty("target", out var target) && methods.Contains(target.GetString()!);
    }

    private void Read(string frame, Action<JsonElement> each)
    {
        foreach (var message in HubFrames.Messages(frame))
        {
            using var json = JsonDocument.Parse(message);
            lock (_lock)
            {
                each(json.RootElement);
            }
        }
    }

    private sealed class Awaited(int connection, string method)
    {
        public int Connection { get; } = connection;

        public string Method { get; } = method;

        public string? InvocationId { get; set; }

        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
