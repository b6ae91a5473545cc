namespace Viv.Pacing;

/// <summary>
/// Keyed by "{action}/{who}": one person's budget for one kind of action, a token bucket that every
/// web node takes from, so a person gets the budget once however many nodes their requests reach.
/// The web node says how big the budget is (<c>Viv:Limits</c> is web configuration).
/// </summary>
[Alias("viv.IPaceGrain")]
public interface IPaceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes <paramref name="cost"/> (one action, or its weight) from a budget of
    /// <paramref name="perMinute"/> that refills evenly over a minute: null when allowed, otherwise
    /// how long until it would be. A cost above the whole budget takes the whole budget.
    /// </summary>
    [Alias("Take")]
    Task<TimeSpan?> Take(int perMinute, int cost = 1);
}
