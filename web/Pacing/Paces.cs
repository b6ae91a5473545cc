using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Viv.Web.Pacing;

/// <summary>
/// One token bucket per person and <see cref="Pace"/>, shared by the hub, the API and the login
/// page, so a person cannot double their budget by switching face. It is the limiter behind
/// ASP.NET Core's rate-limiting middleware, used directly because that middleware sees HTTP
/// requests only, and every hub invocation arrives inside one long-lived WebSocket request.
/// Buckets are per web node; idle full buckets are dropped, so memory follows active people only.
/// </summary>
public sealed class Paces : IDisposable
{
    private readonly PartitionedRateLimiter<(Pace Pace, string Who)> _limiter;

    public Paces(IOptions<PaceOptions> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<(Pace Pace, string Who), (Pace Pace, string Who)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, k => Bucket(limits.PerMinute(k.Pace))));
    }

    private static TokenBucketRateLimiterOptions Bucket(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Takes one from the budget; null when allowed, otherwise how long to wait.</summary>
    public TimeSpan? Take(Pace pace, string who)
    {
        using var lease = _limiter.AttemptAcquire((pace, who));
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public TimeSpan? Take(Pace pace, Guid user) => Take(pace, user.ToString("N"));

    public void Dispose() => _limiter.Dispose();
}
