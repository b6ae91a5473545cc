using Microsoft.Extensions.Options;
using Viv.Pacing;
using Viv.Telemetry;
using Viv.Web.Realtime;

namespace Viv.Web.Pacing;

/// <summary>
/// One budget per person and <see cref="Pace"/>, shared by the hub, the API and the pages, so a
/// person cannot double it by switching face, and by every web node, so a cluster of N nodes does
/// not give N budgets: each budget is an <see cref="IPaceGrain"/>, but for the signaling of a tab taking
/// part in a call, which the one node holding that tab keeps. Only paced actions ask (one grain call
/// each, or none for such a tab); everything else never does.
/// </summary>
public sealed partial class Paces(IGrainFactory grains, CallTabs calls, TimeProvider clock, IOptions<PaceOptions> options, ILogger<Paces> logger)
{
    /// <summary>Takes <paramref name="cost"/> from the budget; null when allowed, otherwise how long to wait.</summary>
    public async Task<TimeSpan?> Take(Pace pace, string who, int cost = 1)
    {
        var perMinute = options.Value.PerMinute(pace);
        return Refused(pace, who, perMinute, await grains.GetGrain<IPaceGrain>($"{pace}/{who}").Take(perMinute, cost));
    }

    public Task<TimeSpan?> Take(Pace pace, Guid user, int cost = 1) => Take(pace, user.ToString("N"), cost);

    /// <summary>
    /// A hub invocation. Signaling from the tab its person takes part in a call from is charged to that
    /// tab's budget on this node (<see cref="CallTabs"/>), without a grain call: only that one tab's signals
    /// are relayed, and only this node holds it, so it is still one budget per person. Anything else, a
    /// person's other tabs included, takes from the person's budget in the grain.
    /// </summary>
    public ValueTask<TimeSpan?> Take(Pace pace, Guid user, string connectionId, int cost)
    {
        if (pace != Pace.Signaling || calls.BudgetOf(connectionId) is not { } budget)
        {
            return new(Take(pace, user, cost));
        }
        var perMinute = options.Value.PerMinute(pace);
        TimeSpan? wait;
        lock (budget)
        {
            wait = budget.Take(perMinute, cost, clock.GetUtcNow());
        }
        return new(Refused(pace, user.ToString("N"), perMinute, wait));
    }

    /// <summary>Every refusal is logged and counted here, once, whichever budget and face it came through.</summary>
    private TimeSpan? Refused(Pace pace, string who, int perMinute, TimeSpan? wait)
    {
        if (wait is { } refused)
        {
            LogSlowedDown(who, pace, perMinute, refused.TotalSeconds);
            VivMetrics.BudgetRefused(VivMetrics.Label(pace));
        }
        return wait;
    }

    /// <summary>Information: someone clicking fast is no attack; many of these for one name or person may be.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "{Who} is over the {Pace} budget of {PerMinute} a minute: slowed down for {RetryAfterSeconds:F1} s")]
    private partial void LogSlowedDown(string who, Pace pace, int perMinute, double retryAfterSeconds);
}
