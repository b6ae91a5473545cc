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
    private readonly Budget _budget = new();

    public Task<TimeSpan?> Take(int perMinute, int cost = 1) => Task.FromResult(_budget.Take(perMinute, cost, clock.GetUtcNow()));
}
