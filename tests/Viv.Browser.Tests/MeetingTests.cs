namespace Viv.Browser.Tests;

/// <summary>A meeting from scheduling to joining, in two browsers, on the real clock.</summary>
public sealed class MeetingTests(BrowserFixture fixture)
{
    private static ILocator Upcoming(Person person, string title) =>
        person.Page.GetByRole(AriaRole.List, new() { Name = "Upcoming" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = title }).First;

    [Fact]
    public async Task A_meeting_a_minute_ahead_is_accepted_live_announced_to_both_and_joined_with_video()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var alice = await fixture.NewPerson();
        await using var bob = await fixture.NewPerson();
        var (aliceName, bobName) = ($"Alice {tag}", $"Bob {tag}");
        await alice.Register(aliceName);
        await bob.Register(bobName);
        await Person.BecomeContacts(alice, aliceName, bob, bobName);
        foreach (var person in new[] { alice, bob })
        {
            await person.Page.GotoAsync("/Meetings");
            await Person.Connected(person.Page);
        }
        var title = $"Trip <b>{tag}</b><script>window.__pwned = 1</script>";

        await alice.Page.GetByLabel("Title").FillAsync(title);
        await alice.Page.GetByLabel("Note").FillAsync("Bring the map\"><img src=x onerror=\"window.__pwned = 1\">");
        // The next whole minute after the coming one: 60 to 120 s ahead, in the browser's own time zone.
        var startsAt = await alice.Page.EvaluateAsync<string>("""
            () => {
              const d = new Date(Date.now() + 60_000);
              d.setSeconds(0, 0);
              d.setMinutes(d.getMinutes() + 1);
              return new Date(d - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
            }
            """);
        await alice.Page.GetByLabel("Starts at").FillAsync(startsAt);
        await alice.Page.GetByRole(AriaRole.Checkbox, new() { Name = bobName }).CheckAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Scheduled." })).ToHaveCountAsync(1);
        await Expect(Upcoming(bob, title)).ToContainTextAsync(aliceName);
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "invited you" })).ToHaveCountAsync(1);
        await Upcoming(bob, title).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(Upcoming(alice, title)).ToContainTextAsync($"{bobName} — Accepted");
        await Expect(Upcoming(alice, title).GetByRole(AriaRole.Button, new() { Name = "Download .ics" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/meetings/[0-9a-f-]{36}\.ics$"));
        await bob.Page.ScreenshotAsync(new() { Path = Person.Screenshot("meetings.png"), FullPage = true });

        foreach (var person in new[] { alice, bob })
        {
            var starting = person.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" });
            await Expect(starting).ToBeVisibleAsync(new() { Timeout = 150_000 });
            await Expect(starting).ToContainTextAsync(title);
        }
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" }).GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(alice.CallView.GetByRole(AriaRole.Status)).ToHaveTextAsync("Waiting for others…");
        await bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" }).GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();

        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);
        foreach (var person in new[] { alice, bob })
        {
            (await person.Page.EvaluateAsync<bool>("() => window.__pwned === undefined")).Should().BeTrue("titles and notes render as text");
        }
    }
}
