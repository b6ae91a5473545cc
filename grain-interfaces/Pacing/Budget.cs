namespace Viv.Pacing;

/// <summary>
/// One person's budget for one kind of action: a bucket of <c>perMinute</c> that refills evenly over a
/// minute. The <see cref="IPaceGrain"/> keeps one that every web node takes from; a web node keeps one
/// itself for each tab that takes part in a call from it (see the web's <c>CallTabs</c>). Not safe for
/// two threads at once: a grain's turn or a lock holds it.
/// </summary>
public sealed class Budget
{
    private double? _tokens;
    private DateTimeOffset _takenAt;

    /// <summary>
    /// Takes <paramref name="cost"/> at <paramref name="now"/>: null when allowed, otherwise how long until it
    /// would be, and nothing is taken. A cost above the whole budget takes the whole budget, so it can still come due.
    /// </summary>
    public TimeSpan? Take(int perMinute, int cost, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, 1);
        cost = Math.Min(cost, perMinute);
        var perSecond = perMinute / 60.0;
        var tokens = _tokens is { } left ? Math.Min(perMinute, left + (now - _takenAt).TotalSeconds * perSecond) : perMinute;
        _takenAt = now;
        _tokens = tokens >= cost ? tokens - cost : tokens;
        return tokens >= cost ? null : TimeSpan.FromSeconds((cost - tokens) / perSecond);
    }
}
