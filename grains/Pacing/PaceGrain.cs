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

    public Task<TimeSpan?> Take(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        var now = clock.GetUtcNow();
        var perSecond = perMinute / 60.0;
        var tokens = _tokens is { } left ? Math.Min(perMinute, left + (now - _takenAt).TotalSeconds * perSecond) : perMinute;
        _takenAt = now;
        if (tokens >= 1)
        {
            _tokens = tokens - 1;
            return Task.FromResult<TimeSpan?>(null);
        }
        _tokens = tokens;
        return Task.FromResult<TimeSpan?>(TimeSpan.FromSeconds((1 - tokens) / perSecond));
    }
}
