namespace Viv.Browser.Tests;

/// <summary>A meeting from scheduling to joining, in two browsers, on the real clock.</summary>
[RunsLong]
public sealed class MeetingTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_meeting_half_a_minute_ahead_is_accepted_live_announced_to_both_and_joined_with_video()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, aliceName, bobName, tag) = contacts;
        foreach (var person in new[] { alice, bob })
        {
            await person.Page.GotoAsync("/Meetings");
            await Person.Connected(person.Page);
        }
        var title = $"Trip <b>{tag}</b><script>window.__pwned = 1</script>";

        await alice.Page.GetByLabel("Title").FillAsync(title);
        await alice.Page.GetByLabel("Note").FillAsync("Bring the map\"><img src=x onerror=\"window.__pwned = 1\">");
        // Far enough ahead for scheduling and accepting on a loaded machine, near enough not to keep the tier waiting.
        var startsAt = await alice.LocalTimeIn(30);
        await alice.Page.GetByLabel("Starts at").FillAsync(startsAt);
        await alice.Page.GetByRole(AriaRole.Checkbox, new() { Name = bobName }).CheckAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Scheduled." })).ToHaveCountAsync(1);
        await Expect(bob.UpcomingMeeting(title)).ToContainTextAsync(aliceName);
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "invited you" })).ToHaveCountAsync(1);
        await bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(alice.UpcomingMeeting(title)).ToContainTextAsync($"{bobName} @{bob.Username} — Accepted");
        // Its call opens ten minutes before the start (Viv:Meetings:EarlyJoinMinutes), so the list offers Join already.
        await Expect(bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeVisibleAsync();
        await Expect(alice.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Download .ics" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/meetings/[0-9a-f-]{36}\.ics$"));

        foreach (var person in new[] { alice, bob })
        {
            var starting = person.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" });
            await Expect(starting).ToBeVisibleAsync(new() { Timeout = 60_000 });
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

    [Fact]
    public async Task A_page_opened_after_the_start_offers_Join_until_the_person_says_Later()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, aliceName, bobName, tag) = contacts;
        foreach (var person in new[] { alice, bob })
        {
            await person.Page.GotoAsync("/Meetings");
            await Person.Connected(person.Page);
        }
        var title = $"Standup {tag}";
        await alice.Page.GetByLabel("Title").FillAsync(title);
        await alice.Page.GetByLabel("Note").FillAsync("What we did, what is next.");
        await alice.Page.GetByLabel("Starts at").FillAsync(await alice.LocalTimeIn(15));
        await alice.Page.GetByRole(AriaRole.Checkbox, new() { Name = bobName }).CheckAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Accept", Pressed = false })).ToBeVisibleAsync();
        await bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(alice.UpcomingMeeting(title)).ToContainTextAsync($"{bobName} @{bob.Username} — Accepted");
        // Bob's answer shows as the pressed one of the two.
        await Expect(bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Accept", Pressed = true })).ToBeVisibleAsync();
        await Expect(bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Decline", Pressed = false })).ToBeVisibleAsync();
        // From the top, where the sticky app bar belongs in a full-page picture.
        await bob.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await bob.Page.ScreenshotAsync(new() { Path = Person.Screenshot("meetings.png"), FullPage = true });

        // Bob is away from Viv when the meeting starts: the live "Meeting starting" reaches Alice only.
        await bob.Page.GotoAsync("about:blank");
        var aliceStarting = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" });
        await Expect(aliceStarting).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await aliceStarting.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(alice.CallView.GetByRole(AriaRole.Status)).ToHaveTextAsync("Waiting for others…");

        // The first page Bob opens offers the meeting under way, and Join brings him in.
        await bob.Page.GotoAsync("/");
        var starting = bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" });
        await Expect(starting).ToContainTextAsync(title);
        await Expect(starting.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeFocusedAsync();
        await starting.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);

        // Bob leaves the call: the meeting goes on, so the next page offers it again, until Later.
        await bob.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(alice.CallView.GetByRole(AriaRole.Status)).ToHaveTextAsync("Waiting for others…");
        await bob.Page.GotoAsync("/Contacts");
        await Expect(starting).ToContainTextAsync(title);
        await starting.GetByRole(AriaRole.Button, new() { Name = "Later" }).ClickAsync();
        await Expect(starting).ToBeHiddenAsync();
        await bob.Page.GotoAsync("/Calls");
        await Expect(bob.Page.Locator("html[data-meetings=loaded]")).ToHaveCountAsync(1);
        await Expect(starting).ToBeHiddenAsync();
        await Expect(alice.CallView).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_organizer_reschedules_and_cancels_from_the_page_and_the_invitee_is_told_each_time()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, aliceName, bobName, tag) = contacts;
        await bob.Page.GotoAsync("/Meetings");
        await Person.Connected(bob.Page);
        var title = $"Review {tag}";

        // From the contact, as a person would start it: the invitee is already ticked.
        await alice.Page.GotoAsync("/Contacts");
        await alice.Contact(bobName).GetByRole(AriaRole.Button, new() { Name = "Schedule meeting" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Checkbox, new() { Name = bobName })).ToBeCheckedAsync();
        await alice.Page.GetByLabel("Title").FillAsync(title);
        await alice.Page.GetByLabel("Starts at").FillAsync(DateTime.Now.AddDays(1).ToString("yyyy-MM-dd'T'10:00", System.Globalization.CultureInfo.InvariantCulture));
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(bob.UpcomingMeeting(title)).ToBeVisibleAsync();
        await Expect(bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToBeVisibleAsync();
        // Tomorrow's meeting: its call is not open yet, so no Join.
        await Expect(bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Join" })).ToHaveCountAsync(0);

        // Reschedule opens the form, and pressed again closes it with nothing changed.
        var reschedule = alice.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Reschedule" });
        await reschedule.ClickAsync();
        await Expect(alice.UpcomingMeeting(title).GetByLabel("New start")).ToBeVisibleAsync();
        await reschedule.ClickAsync();
        await Expect(alice.UpcomingMeeting(title).GetByLabel("New start")).ToHaveCountAsync(0);
        await reschedule.ClickAsync();
        var newStart = alice.UpcomingMeeting(title).GetByLabel("New start");
        await newStart.FillAsync(DateTime.Now.AddDays(2).ToString("yyyy-MM-dd'T'11:30", System.Globalization.CultureInfo.InvariantCulture));
        // Bob answers meanwhile, and Alice's list is drawn again: the form she is filling in stays as she left it.
        await bob.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(alice.UpcomingMeeting(title)).ToContainTextAsync($"{bobName} @{bob.Username} — Accepted");
        await Expect(newStart).ToBeFocusedAsync();
        await Expect(newStart).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("T11:30$"));
        await alice.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"“{title}” moved to" })).ToHaveCountAsync(1);
        await Expect(bob.UpcomingMeeting(title)).ToContainTextAsync("11:30");

        await alice.UpcomingMeeting(title).GetByRole(AriaRole.Button, new() { Name = "Cancel meeting" }).ClickAsync();

        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"“{title}” was cancelled." })).ToHaveCountAsync(1);
        var past = bob.Page.GetByRole(AriaRole.List, new() { Name = "Past" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = title }).First;
        await Expect(past).ToContainTextAsync("Cancelled");
        await Expect(past.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToHaveCountAsync(0);
        await Expect(bob.UpcomingMeetings(title)).ToHaveCountAsync(0);
    }
}
