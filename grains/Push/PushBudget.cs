using Viv.Telemetry;

namespace Viv.Push;

/// <summary>
/// How many pushes one person's devices are sent: at most <c>perMinute</c> that start something (a call
/// ringing, a meeting), so nobody can make someone's phone ring without end. A push about something
/// already pushed (its topic seen in the last hour: a ringing that stopped, a missed call) always goes,
/// or a notification would keep ringing for a call long over. Kept in memory: it guards a minute.
/// </summary>
internal sealed class PushBudget(int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FollowUps = TimeSpan.FromHours(1);

    private readonly Queue<DateTimeOffset> _spent = [];
    private readonly Dictionary<string, DateTimeOffset> _topics = [];

    public bool Allows(PushNotice notice, DateTimeOffset now)
    {
        while (_spent.TryPeek(out var at) && at <= now - Window)
        {
            _spent.Dequeue();
        }
        foreach (var (topic, at) in _topics.Where(t => t.Value <= now - FollowUps).ToList())
        {
            _topics.Remove(topic);
        }
        if (notice.Topic is { } followed && _topics.ContainsKey(followed))
        {
            return true;
        }
        if (_spent.Count >= perMinute)
        {
            VivMetrics.BudgetRefused("push");
            return false;
        }
        _spent.Enqueue(now);
        if (notice.Topic is { } opened)
        {
            _topics[opened] = now;
        }
        return true;
    }
}
