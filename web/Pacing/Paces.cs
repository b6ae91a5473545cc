using Microsoft.Extensions.Options;
using Viv.Pacing;
using Viv.Telemetry;

namespace Viv.Web.Pacing;

/// <summary>
/// One budget per person and <see cref="Pace"/>, shared by the hub, the API and the pages, so a
/// person cannot double it by switching face, and by every web node, so a cluster of N nodes does
/// not give N budgets: each budget is an <see cref="IPaceGrain"/>. Only paced actions ask it (one
/// grain call each); everything else never does. Every refusal is logged here, once,
/// whichever face it came through.
/// </summary>
public sealed partial class Paces(IGrainFactory grains, IOptions<PaceOptions> options, ILogger<Paces> logger)
{
    /// <summary>Takes <paramref name="cost"/> from the budget; null when allowed, otherwise how long to wait.</summary>
    public async Task<TimeSpan?> Take(Pace pace, string who, int cost = 1)
    {
        var perMinute = options.Value.PerMinute(pace);
        var wait = await grains.GetGrain<IPaceGrain>($"{pace}/{who}").Take(perMinute, cost);
        if (wait is { } refused)
        {
            LogSlowedDown(who, pace, perMinute, refused.TotalSeconds);
            VivMetrics.BudgetRefused(VivMetrics.Label(pace));
        }
        return wait;
    }

    public Task<TimeSpan?> Take(Pace pace, Guid user, int cost = 1) => Take(pace, user.ToString("N"), cost);

    /// <summary>Information: someone clicking fast is no attack; many of these for one name or person may be.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "{Who} is over the {Pace} budget of {PerMinute} a minute: slowed down for {RetryAfterSeconds:F1} s")]
    private partial void LogSlowedDown(string who, Pace pace, int perMinute, double retryAfterSeconds);
}
