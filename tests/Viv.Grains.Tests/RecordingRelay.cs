using System.Collections.Concurrent;
using Viv.Calls;
using Viv.Realtime;

namespace Viv.Grains.Tests;

/// <summary>Stands where a web node's relay stands: records what grains deliver to it.</summary>
internal sealed class RecordingRelay : IClientRelay
{
    private readonly ConcurrentQueue<(string ConnectionId, ClientEvent Event)> _received = new();
    private readonly ConcurrentQueue<string> _closed = new();
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<CallEnd>> _callTabs = new();

    public Task Deliver(IReadOnlyList<string> connectionIds, ClientEvent clientEvent)
    {
        foreach (var id in connectionIds)
        {
            _received.Enqueue((id, clientEvent));
        }
        return Task.CompletedTask;
    }

    public Task Close(IReadOnlyList<string> connectionIds)
    {
        foreach (var id in connectionIds)
        {
            _closed.Enqueue(id);
        }
        return Task.CompletedTask;
    }

    public Task SetCallTabs(Guid callId, IReadOnlyList<CallEnd> tabs)
    {
        if (Unresponsive)
        {
            return new TaskCompletionSource().Task;
        }
        _callTabs[callId] = tabs;
        return Task.CompletedTask;
    }

    /// <summary>Stands for a node that died without its connection to the cluster closing: it never answers.</summary>
    public bool Unresponsive { get; set; }

    /// <summary>Whose tab (which connection) the call's room last said takes part, as this node would relay between them; empty once over.</summary>
    public IReadOnlyDictionary<Guid, string> TabsIn(Guid callId) =>
        _callTabs.TryGetValue(callId, out var tabs) ? tabs.ToDictionary(t => t.UserId, t => t.ConnectionId) : [];

    /// <summary>The connections grains asked this node to close, in order.</summary>
    public IReadOnlyList<string> Closed => [.. _closed];

    public IReadOnlyList<ClientEvent> ReceivedBy(string connectionId) =>
        [.. _received.Where(r => r.ConnectionId == connectionId).Select(r => r.Event)];

    /// <summary>Deliveries are one-way, so a test waits until they arrive.</summary>
    public async Task<IReadOnlyList<ClientEvent>> WaitFor(string connectionId, int count = 1)
    {
        await Eventually.True(() => Task.FromResult(ReceivedBy(connectionId).Count >= count), $"waiting for {count} events on {connectionId}");
        return ReceivedBy(connectionId);
    }

    /// <summary>Waits for the first event on the connection that matches.</summary>
    public async Task<T> WaitFor<T>(string connectionId, Func<T, bool> matches) where T : ClientEvent
    {
        await Eventually.True(() => Task.FromResult(ReceivedBy(connectionId).OfType<T>().Any(matches)), $"waiting for a {typeof(T).Name} on {connectionId}");
        return ReceivedBy(connectionId).OfType<T>().First(matches);
    }

    public void Clear() => _received.Clear();

    /// <summary>Proves a negative: waits long enough for a stray delivery to have landed.</summary>
    public async Task<IReadOnlyList<ClientEvent>> AfterQuietPeriod(string connectionId)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        return ReceivedBy(connectionId);
    }
}
