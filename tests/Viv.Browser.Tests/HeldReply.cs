using System.Text.Json;

namespace Viv.Browser.Tests;

/// <summary>
/// Stands between a page and Viv's hub and holds back the server's reply to the first call of one
/// hub method until released, while everything else passes in order: what a busy server or
/// network can do, made certain. Install it before the page opens its hub connection.
/// </summary>
internal sealed class HeldReply
{
    private readonly string _method;
    private readonly Lock _lock = new();
    private readonly List<(string Target, TaskCompletionSource Passed)> _watched = [];
    private string? _invocationId;
    private (IWebSocketRoute Page, string Message)? _held;
    private bool _released;

    private HeldReply(string method) => _method = method;

    /// <summary>Set once the reply has arrived from the server and is being held.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<HeldReply> Install(IPage page, string method)
    {
        var held = new HeldReply(method);
        await page.RouteWebSocketAsync(HubFrames.Hub(), pageSide =>
        {
            var server = pageSide.ConnectToServer();
            // Viv's hub speaks SignalR's JSON protocol: every frame is text.
            pageSide.OnMessage(frame =>
            {
                held.Watch(frame.Text!);
                server.Send(frame.Text!);
            });
            server.OnMessage(frame => held.Pass(pageSide, frame.Text!));
        });
        return held;
    }

    /// <summary>Completes once a message calling this client method has reached the page while the reply was held.</summary>
    public Task Overtaken(string target)
    {
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _watched.Add(($"\"target\":\"{target}\"", passed));
        }
        return passed.Task;
    }

    public void Release()
    {
        lock (_lock)
        {
            _released = true;
            if (_held is { } held)
            {
                held.Page.Send(held.Message + HubFrames.End);
            }
        }
    }

    private void Watch(string text)
    {
        foreach (var message in HubFrames.Messages(text))
        {
            using var json = JsonDocument.Parse(message);
            var root = json.RootElement;
            if (root.TryGetProperty("target", out var target) && target.GetString() == _method && root.TryGetProperty("invocationId", out var id))
            {
                lock (_lock)
                {
                    _invocationId ??= id.GetString();
                }
            }
        }
    }

    private void Pass(IWebSocketRoute page, string text)
    {
        foreach (var message in HubFrames.Messages(text))
        {
            lock (_lock)
            {
                if (!_released && _held is null && IsReply(message))
                {
                    _held = (page, message);
                    Holding.TrySetResult();
                    continue;
                }
                if (_held is not null)
                {
                    _watched.Where(w => message.Contains(w.Target, StringComparison.Ordinal)).ToList().ForEach(w => w.Passed.TrySetResult());
                }
                page.Send(message + HubFrames.End);
            }
        }
    }

    private bool IsReply(string message)
    {
        if (_invocationId is null)
        {
            return false;
        }
        using var json = JsonDocument.Parse(message);
        var root = json.RootElement;
        return root.TryGetProperty("type", out var type) && type.GetInt32() == 3
            && root.TryGetProperty("invocationId", out var id) && id.GetString() == _invocationId;
    }
}
