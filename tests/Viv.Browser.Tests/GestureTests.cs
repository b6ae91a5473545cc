namespace Viv.Browser.Tests;

/// <summary>
/// Raising a hand and reacting in a call of three, browser to browser over the chat channels: the two
/// others see the hand and the reaction on the sender's tile and hear them announced; a reaction
/// menu works from the keyboard; past the rate limit reactions are dropped, and a forged message
/// shows as nothing.
/// </summary>
public sealed class GestureTests(BrowserFixture fixture)
{
    private static ILocator Hand(Person person, string fullName) => person.Tile(fullName).GetByText("Hand raised");

    private static ILocator Reactions(Person person, string fullName) => person.Tile(fullName).Locator(".reaction");

    [Fact]
    public async Task A_raised_hand_and_a_reaction_reach_the_two_others_too_many_reactions_are_dropped_and_a_forged_one_shows_nothing()
    {
        var people = await CallParty.HostAndFriends(fixture.Server.BaseAddress, () => fixture.NewPerson(), 3);
        try
        {
            var ((host, hostName), (raiser, raiserName), (reactor, reactorName)) = (people[0], people[1], people[2]);
            await host.Call(raiserName);
            await raiser.AcceptCall();
            await host.AddToCall(reactorName);
            await reactor.AcceptCall();
            foreach (var (person, _) in people)
            {
                await person.ChatConnected(2);
            }

            await raiser.CallView.GetByRole(AriaRole.Button, new() { Name = "Raise hand" }).ClickAsync();
            await Expect(raiser.CallView.GetByRole(AriaRole.Button, new() { Name = "Lower hand" })).ToBeVisibleAsync();
            await Expect(raiser.CallView.Locator("[data-call-local-tile]").GetByText("Hand raised")).ToBeVisibleAsync();
            foreach (var (person, _) in new[] { people[0], people[2] })
            {
                await Expect(Hand(person, raiserName)).ToBeVisibleAsync();
                await Expect(person.Page.Locator("#notices")).ToContainTextAsync($"{raiserName} @");
                await Expect(person.Page.Locator("#notices")).ToContainTextAsync("raised their hand");
            }

            // The reactions menu from the keyboard: its first item takes focus, arrows move, Escape closes it.
            var menuButton = reactor.CallView.GetByRole(AriaRole.Button, new() { Name = "Reactions" });
            await menuButton.FocusAsync();
            await reactor.Page.Keyboard.PressAsync("Enter");
            var menu = reactor.Page.GetByRole(AriaRole.Menu, new() { Name = "Reactions" });
            await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = "Thumbs up" })).ToBeFocusedAsync();
            await reactor.Page.Keyboard.PressAsync("ArrowRight");
            await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = "Applause" })).ToBeFocusedAsync();
            await reactor.Page.Keyboard.PressAsync("Escape");
            await Expect(menu).ToBeHiddenAsync();
            await Expect(menuButton).ToBeFocusedAsync();
            await reactor.Page.Keyboard.PressAsync("Enter");
            await reactor.Page.Keyboard.PressAsync("Enter");
            foreach (var (person, _) in people.Take(2))
            {
                await Expect(Reactions(person, reactorName)).ToHaveTextAsync("👍");
                await Expect(person.Page.Locator("#notices")).ToContainTextAsync("Thumbs up");
            }

            // A page of the host's that skips its own limit: a forged reaction, eight real ones at once,
            // then a raised hand, all over one ordered channel to each. Once the hand shows, everything
            // before it was handled: five reactions float, and the forged one is nowhere.
            await host.Page.EvaluateAsync("""
                () => window.__channels.filter(c => c.label === 'chat' && c.readyState === 'open').forEach(c => {
                  c.send(JSON.stringify({ type: 'reaction', emoji: '<img src=x onerror="window.__forged = 1">' }));
                  for (let i = 0; i < 8; i++) c.send(JSON.stringify({ type: 'reaction', emoji: '👏' }));
                  c.send(JSON.stringify({ type: 'hand', raised: true }));
                })
                """);
            foreach (var (person, _) in people.Skip(1))
            {
                await Expect(Hand(person, hostName)).ToBeVisibleAsync();
                await Expect(Reactions(person, hostName)).ToHaveCountAsync(5);
                await Expect(person.Tile(hostName).Locator("img:not(.avatar)")).ToHaveCountAsync(0);
                Assert.Null(await person.Page.EvaluateAsync<int?>("() => window.__forged"));
            }

            await raiser.CallView.GetByRole(AriaRole.Button, new() { Name = "Lower hand" }).ClickAsync();
            foreach (var (person, _) in new[] { people[0], people[2] })
            {
                await Expect(Hand(person, raiserName)).ToHaveCountAsync(0);
            }
            await Expect(raiser.CallView.Locator("[data-call-local-tile]").GetByText("Hand raised")).ToHaveCountAsync(0);
        }
        finally
        {
            foreach (var (person, _) in people)
            {
                await person.DisposeAsync();
            }
        }
    }
}
