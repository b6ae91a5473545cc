using Microsoft.Extensions.Options;
using Viv.Pacing;

namespace Viv.Web.Pacing;

/// <summary>
/// One budget per person and <see cref="Pace"/>, shared by the hub, the API and the pages, so a
/// person cannot double it by switching face, and by every web node, so a cluster of N nodes does
/// not give N budgets: each budget is an <see cref="IPaceGrain"/>. Only paced actions ask it (one
/// grain call each); everything else never does.
/// </summary>
public sealed class Paces(IGrainFactory grains, IOptions<PaceOptions> options)
{
    /// <summary>Takes <paramref name="cost"/> from the budget; null when allowed, otherwise how long to wait.</summary>
    public Task<TimeSpan?> Take(Pace pace, string who, int cost = 1) =>
        grains.GetGrain<IPaceGrain>($"{pace}/{who}").Take(options.Value.PerMinute(pace), cost);

    public Task<TimeSpan?> Take(Pace pace, Guid user, int cost = 1) => Take(pace, user.ToString("N"), cost);
}
