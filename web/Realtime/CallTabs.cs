using System.Collections.Concurrent;
using Viv.Calls;
using Viv.Pacing;

namespace Viv.Web.Realtime;

/// <summary>
/// The tabs taking part in each call this node holds a tab of, as the call's room last told this node
/// (<see cref="Viv.Realtime.IClientRelay.SetCallTabs"/>). A signal between two tabs of a call that this
/// node both holds goes straight from one to the other; any other goes through the room, which then
/// also gives the reason for a refusal. The room decides who takes part; this only follows it.
/// Each tab taking part from this node has its signaling <see cref="Budget"/> here, from when the room
/// lists it until it no longer does.
/// </summary>
public sealed class CallTabs(HeldConnections held)
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<CallEnd>> _calls = new();
    private readonly ConcurrentDictionary<string, Budget> _budgets = new();
    private readonly Lock _changing = new();

    public void Set(Guid callId, IReadOnlyList<CallEnd> tabs)
    {
        lock (_changing)
        {
            var before = _calls.TryGetValue(callId, out var was) ? was : [];
            if (tabs.Count == 0)
            {
                _calls.TryRemove(callId, out _);
            }
            else
            {
                _calls[callId] = tabs;
            }
            foreach (var gone in before.Where(b => !tabs.Any(t => t.ConnectionId == b.ConnectionId)))
            {
                _budgets.TryRemove(gone.ConnectionId, out _);
            }
            foreach (var tab in tabs.Where(t => held.Holds(t.ConnectionId)))
            {
                _budgets.TryAdd(tab.ConnectionId, new Budget());
            }
        }
    }

    /// <summary>
    /// The connection of <paramref name="to"/>'s tab in the call, when <paramref name="connectionId"/> is the
    /// tab <paramref name="from"/> takes part from and this node holds both; otherwise null.
    /// </summary>
    public string? LocalTabOf(Guid callId, Guid from, string connectionId, Guid to)
    {
        if (from == to || !_calls.TryGetValue(callId, out var tabs))
        {
            return null;
        }
        var (fromTab, toTab) = ((string?)null, (string?)null);
        foreach (var tab in tabs)
        {
            if (tab.UserId == from)
            {
                fromTab = tab.ConnectionId;
            }
            else if (tab.UserId == to)
            {
                toTab = tab.ConnectionId;
            }
        }
        return fromTab == connectionId && toTab is not null && held.Holds(toTab) ? toTab : null;
    }

    /// <summary>The signaling budget of a tab taking part in a call from this node; null for any other connection.</summary>
    public Budget? BudgetOf(string connectionId) => _budgets.GetValueOrDefault(connectionId);

    /// <summary>A tab of the call closed: its budget goes, and once none of the call's other tabs is held here, the call.</summary>
    public void Closed(Guid callId, string connectionId)
    {
        lock (_changing)
        {
            _budgets.TryRemove(connectionId, out _);
            if (_calls.TryGetValue(callId, out var tabs) && !tabs.Any(tab => tab.ConnectionId != connectionId && held.Holds(tab.ConnectionId)))
            {
                _calls.TryRemove(callId, out _);
            }
        }
    }
}
