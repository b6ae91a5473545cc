namespace Viv.Browser.Tests;

/// <summary>
/// axe-core on every page, signed out and in, and on every call screen, each in light and dark and
/// at desktop and phone width: no serious or critical violation. Also what the live region says.
/// </summary>
[RunsLong]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    private static ILocator Said(Person person, string words) => person.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = words });

    [Fact]
    public async Task Every_page_signed_out_passes_axe_in_light_and_dark_on_desktop_and_phone()
    {
        await using var visitor = await fixture.NewPerson();

        foreach (var path in new[] { "/", "/Account/Login", "/Account/Register", "/Error" })
        {
            await visitor.Page.GotoAsync(path);
            await Axe.CheckEveryLook(visitor.Page, path);
        }

        var missing = await visitor.Page.GotoAsync("/no-such-page");
        missing!.Status.Should().Be(404);
        await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Axe.CheckEveryLook(visitor.Page, "a page that does not exist");

        await visitor.LogIn(Person.NewUsername(), "not the password");
        await Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Axe.CheckEveryLook(visitor.Page, "a refused log-in");
    }

    [Fact]
    public async Task Every_page_signed_in_passes_axe_in_light_and_dark_on_desktop_and_phone_and_Escape_dismisses_a_starting_meeting()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, aliceName, bobName, tag) = contacts;
        await using var carol = await fixture.NewPerson();
        await using var stranger = await fixture.NewPerson();
        await carol.Register($"Carol {tag}");
        await stranger.Register($"Dan {tag}");
        await carol.Page.GotoAsync("/Contacts");
        await Person.Connected(carol.Page);
        await carol.SearchAndAdd(aliceName);

        // A rejected call for the history.
        await alice.Page.GotoAsync("/");
        await Person.Connected(alice.Page);
        await alice.Call(bobName);
        await bob.IncomingCall.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(Said(alice, "Call rejected.")).ToHaveCountAsync(1);

        // A meeting tomorrow.
        await alice.Page.GotoAsync("/Meetings");
        await Person.Connected(alice.Page);
        await alice.Page.GetByLabel("Title").FillAsync($"Plans {tag}");
        await alice.Page.GetByLabel("Starts at").FillAsync(DateTime.Now.AddDays(1).ToString("yyyy-MM-dd'T'10:00", System.Globalization.CultureInfo.InvariantCulture));
        await alice.Page.GetByRole(AriaRole.Checkbox, new() { Name = bobName }).CheckAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
        await Expect(alice.UpcomingMeeting($"Plans {tag}")).ToBeVisibleAsync();
        await Axe.CheckEveryLook(alice.Page, "/Meetings with a meeting");
        await alice.UpcomingMeeting($"Plans {tag}").GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await Expect(alice.Page.GetByLabel("New start")).ToBeVisibleAsync();
        await Axe.CheckEveryLook(alice.Page, "/Meetings rescheduling");

        await alice.Page.GotoAsync("/");
        await Expect(alice.Contact($"Carol {tag}")).ToContainTextAsync("Wants to be your contact");
        await Axe.CheckEveryLook(alice.Page, "/ with a contact and a request");

        await alice.Page.GotoAsync("/Contacts");
        await Person.Connected(alice.Page);
        await alice.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).FillAsync(tag);
        await alice.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).PressAsync("Enter");
        var results = alice.Page.GetByRole(AriaRole.List, new() { Name = "Search results" });
        await Expect(results.GetByRole(AriaRole.Button, new() { Name = "Add contact" })).ToHaveCountAsync(1);
        await Expect(results.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToHaveCountAsync(1);
        await Axe.CheckEveryLook(alice.Page, "/Contacts with search results and a request");

        await alice.Page.GotoAsync("/Calls");
        await Expect(alice.Page.GetByRole(AriaRole.Table, new() { Name = "Call history" })).ToContainTextAsync("Rejected");
        await Axe.CheckEveryLook(alice.Page, "/Calls with a call");

        await alice.Page.GotoAsync("/Account/Password");
        await Axe.CheckEveryLook(alice.Page, "/Account/Password");
        await alice.Page.GetByLabel("Current password").FillAsync("not the password");
        await alice.Page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Axe.CheckEveryLook(alice.Page, "a refused password change");
        await alice.Page.GetByLabel("Current password").FillAsync(Person.Password);
        await alice.Page.GetByLabel("New password").FillAsync("a brand new passphrase");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(alice.Page.GetByText("Your password is changed.")).ToBeVisibleAsync();
        await Axe.CheckEveryLook(alice.Page, "a password change");

        // A meeting a few seconds ahead: "Meeting starting" takes focus, and Escape puts it back.
        await alice.Page.GotoAsync("/Meetings");
        await Person.Connected(alice.Page);
        await alice.Page.GetByLabel("Title").FillAsync($"Now {tag}");
        await alice.Page.GetByLabel("Starts at").FillAsync(await alice.LocalTimeIn(15));
        await alice.Page.GetByRole(AriaRole.Checkbox, new() { Name = bobName }).CheckAsync();
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Schedule", Exact = true }).ClickAsync();
        await Expect(Said(alice, "Scheduled.")).ToHaveCountAsync(1);
        var title = alice.Page.GetByLabel("Title");
        await title.FocusAsync();
        var starting = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Meeting starting" });
        await Expect(starting).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(starting.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeFocusedAsync();
        await Axe.CheckEveryLook(alice.Page, "Meeting starting");
        await alice.Page.Keyboard.PressAsync("Escape");
        await Expect(starting).ToBeHiddenAsync();
        await Expect(title).ToBeFocusedAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Every_call_screen_passes_axe_in_light_and_dark_on_desktop_and_phone()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, aliceName, bobName, tag) = contacts;
        await using var carol = await fixture.NewPerson();
        await carol.Register($"Carol {tag}");
        await Person.BecomeContacts(carol, $"Carol {tag}", alice, aliceName);
        var confirm = alice.ConfirmCall(bobName);
        var calling = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" });

        // One ring per look, so each check sees the dialogs still open (the tier's rings last two minutes).
        foreach (var look in Axe.Looks)
        {
            await Axe.Show(alice.Page, look);
            await Axe.Show(bob.Page, look);
            await alice.Contact(bobName).GetByRole(AriaRole.Button, new() { Name = "Video call" }).ClickAsync();
            await Expect(confirm).ToBeVisibleAsync();
            await Axe.Check(alice.Page, $"the call confirmation ({look.Name})");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Call", Exact = true }).ClickAsync();
            await Expect(calling).ToBeVisibleAsync();
            await Expect(bob.IncomingCall).ToBeVisibleAsync();
            await Task.WhenAll(Axe.Check(alice.Page, $"Calling… ({look.Name})"), Axe.Check(bob.Page, $"the incoming call ({look.Name})"));
            await Expect(bob.IncomingCall).ToBeVisibleAsync();
            if (look != Axe.Looks[^1])
            {
                await calling.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
                await Expect(bob.IncomingCall).ToBeHiddenAsync();
            }
        }

        await bob.AcceptCall();
        await alice.PeerConnected();
        await bob.PeerConnected();
        await alice.ChatConnected(1);
        await Axe.Show(alice.Page, Axe.Looks[0]);
        await Axe.Show(bob.Page, Axe.Looks[0]);
        await alice.OpenChat();
        await alice.Say($"Hello {tag}");
        await bob.OpenChat();
        await Expect(bob.Messages).ToContainTextAsync($"Hello {tag}");
        await Task.WhenAll(Axe.CheckEveryLook(alice.Page, "a call with chat open"), Axe.CheckEveryLook(bob.Page, "a call with a message received"));

        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Add participant" }).ClickAsync();
        var addDialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Add participant" });
        await Expect(addDialog.GetByRole(AriaRole.Button, new() { Name = $"Add Carol {tag}" })).ToBeEnabledAsync();
        await Axe.CheckEveryLook(alice.Page, "the Add participant dialog");
        await addDialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(bob.CallView).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_contact_going_offline_and_coming_back_is_announced_in_the_polite_live_region()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, _, bobName, _) = contacts;
        await alice.Page.GotoAsync("/");
        await Person.Connected(alice.Page);
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");
        var region = alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{bobName} @{bob.Username} is offline." });

        await bob.Page.CloseAsync();
        await Expect(region).ToHaveCountAsync(1);
        await Expect(region).ToHaveAttributeAsync("aria-live", "polite");

        var bobAgain = await bob.Context.NewPageAsync();
        await bobAgain.GotoAsync("/");
        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{bobName} @{bob.Username} is online." })).ToHaveCountAsync(1);
    }
}
