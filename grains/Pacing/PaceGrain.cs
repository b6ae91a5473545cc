using Microsoft.Extensions.DependencyInjection;
using Viv.Hosting;

namespace Viv.Pacing;

/// <summary>
/// The bucket lives in memory only. A bucket left idle long enough to be deactivated has refilled
/// anyway (a budget refills within a minute); one lost with a silo starts full again, which forgives
/// at most one burst.
/// </summary>
public sealed class PaceGrain([FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IPaceGrain
{
    private double? _tokens;
    private DateTimeOffset _takenAt;

    public Task<TimeSpan?> Take(int perMinute, int cost = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, 1);
        // An action weighing more than the whole budget takes the whole budget, so it can still come due.
        cost = Math.Min(cost, perMinute);
        var now = clock.GetUtcNow();
        var perSecond = perMinute / 60.0;
        var tokens = _tokens is { } left ? Math.Min(perMinute, left + (now - _takenAt).TotalSeconds * perSecond) : perMinute;
        _takenAt = now;
        if (tokens >= cost)
        {
            _tokens = tokens - cost;
            return Task.FromResult<TimeSpan?>(null);
        }
        _tokens = tokens;
        return Task.FromResult<TimeSpan?>(TimeSpan.FromSeconds((cost - tokens) / perSecond));
    }
}
