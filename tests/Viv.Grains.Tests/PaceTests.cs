using Viv.Pacing;

namespace Viv.Grains.Tests;

/// <summary>A person's budget for one kind of action: a burst of the whole budget, then one more each 60/N seconds.</summary>
public sealed class PaceTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Precision = TimeSpan.FromMilliseconds(1);

    private static TimeSpan Wait(TimeSpan? wait) => wait ?? throw new InvalidOperationException("The action was allowed; a wait was expected");

    private IPaceGrain Budget() => fixture.Client.GetGrain<IPaceGrain>($"Searches/{Guid.NewGuid():N}");

    [Fact]
    public async Task A_full_budget_allows_a_burst_then_refills_one_action_every_sixty_over_n_seconds()
    {
        var budget = Budget();
        for (var i = 0; i < 6; i++)
        {
            (await budget.Take(6)).Should().BeNull($"action {i + 1} of 6 is within the budget");
        }

        Wait(await budget.Take(6)).Should().BeCloseTo(TimeSpan.FromSeconds(10), Precision, "6 a minute refill one every 10 s");
        Wait(await budget.Take(6)).Should().BeCloseTo(TimeSpan.FromSeconds(10), Precision, "a refused action takes nothing");

        fixture.Clock.Advance(TimeSpan.FromSeconds(4));
        Wait(await budget.Take(6)).Should().BeCloseTo(TimeSpan.FromSeconds(6), Precision);
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        (await budget.Take(6)).Should().BeNull("the next action came due");
        (await budget.Take(6)).Should().NotBeNull();

        // A long rest refills the budget to its size, never beyond.
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 6; i++)
        {
            (await budget.Take(6)).Should().BeNull();
        }
        (await budget.Take(6)).Should().NotBeNull();
    }

    [Fact]
    public async Task A_weighed_action_takes_its_weight_and_one_heavier_than_the_whole_budget_takes_it_all()
    {
        var budget = Budget();

        (await budget.Take(60, cost: 50)).Should().BeNull();
        Wait(await budget.Take(60, cost: 20)).Should().BeCloseTo(TimeSpan.FromSeconds(10), Precision, "10 are left and 60 a minute refill one a second");
        (await budget.Take(60, cost: 10)).Should().BeNull("a refused action takes nothing");
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        (await budget.Take(60, cost: 1000)).Should().BeNull("at most the whole budget");
        (await budget.Take(60)).Should().NotBeNull("that emptied it");
    }

    [Fact]
    public async Task Budgets_are_per_key_and_a_budget_below_one_is_refused()
    {
        var mine = Budget();
        var yours = Budget();
        (await mine.Take(1)).Should().BeNull();
        (await mine.Take(1)).Should().NotBeNull();
        (await yours.Take(1)).Should().BeNull("someone else's budget is their own");

        var refused = async () => await Budget().Take(0);
        await refused.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
