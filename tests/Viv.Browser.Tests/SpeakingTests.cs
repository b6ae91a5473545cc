namespace Viv.Browser.Tests;

/// <summary>
/// Who speaks in a direct call of three, one of whom speaks into a microphone that plays espeak-ng's
/// voice (<see cref="BrowserFixture.NewSpeakingPerson"/>) while the others' microphones hear a silent room: the
/// speaker's tile is outlined on the others' pages and nobody else's is; muted, they are unmarked and
/// told "You are muted" as they go on talking; a hand they raise stays up while they are muted and
/// comes down once they have spoken for a while.
/// </summary>
public sealed class SpeakingTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_speakers_tile_is_marked_for_the_others_a_muted_speaker_is_told_and_their_raised_hand_comes_down_once_they_have_spoken()
    {
        var opened = 0;
        var people = await CallParty.HostAndFriends(fixture.Server.BaseAddress, () => opened++ == 1 ? fixture.NewSpeakingPerson(fixture.Server) : fixture.NewPerson(), 3);
        try
        {
            var ((host, hostName), (speaker, speakerName), (third, thirdName)) = (people[0], people[1], people[2]);
            await host.Call(speakerName);
            await speaker.AcceptCall();
            await host.AddToCall(thirdName);
            await third.AcceptCall();
            await CallParty.EveryoneSeesEveryone(people);

            var listeners = new[] { people[0], people[2] };
            foreach (var (person, _) in listeners)
            {
                await Expect(person.Tile(speakerName)).ToHaveAccessibleDescriptionAsync("speaking");
            }
            await Expect(host.Tile(thirdName)).Not.ToHaveAccessibleDescriptionAsync("speaking");
            await Expect(third.Tile(hostName)).Not.ToHaveAccessibleDescriptionAsync("speaking");
            await Expect(speaker.Tile(hostName)).Not.ToHaveAccessibleDescriptionAsync("speaking");
            await Expect(speaker.Tile(thirdName)).Not.ToHaveAccessibleDescriptionAsync("speaking");

            await speaker.CallView.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
            foreach (var (person, _) in listeners)
            {
                await Expect(person.Tile(speakerName)).Not.ToHaveAccessibleDescriptionAsync("speaking");
            }
            await Expect(speaker.Page.Locator("#notices")).ToContainTextAsync("You are muted.");

            // Muted, their words do not count for a raised hand either: it stays up.
            var hand = host.Tile(speakerName).GetByText("Hand raised");
            await speaker.CallView.GetByRole(AriaRole.Button, new() { Name = "Raise hand" }).ClickAsync();
            await Expect(hand).ToBeVisibleAsync();
            await speaker.Page.WaitForTimeoutAsync(5_000);
            await Expect(hand).ToBeVisibleAsync();

            await speaker.CallView.GetByRole(AriaRole.Button, new() { Name = "Unmute" }).ClickAsync();
            await Expect(host.Tile(speakerName)).ToHaveAccessibleDescriptionAsync("speaking");
            await Expect(hand).ToHaveCountAsync(0);
            await Expect(speaker.CallView.GetByRole(AriaRole.Button, new() { Name = "Raise hand" })).ToBeVisibleAsync();
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
