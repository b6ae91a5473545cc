namespace Viv.Browser.Tests;

public sealed class ContactListTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Two_people_become_contacts_see_presence_live_and_a_block_reads_as_offline()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (aliceName, bobName) = ($"Alice {tag}", $"Bob {tag}");
        await using var alice = await fixture.NewPerson();
        await using var bob = await fixture.NewPerson();
        await alice.Register(aliceName);
        await bob.Register(bobName);
        await Person.Connected(bob.Page);
        var bobsContactsLink = bob.Page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true });
        await Expect(bobsContactsLink).ToBeVisibleAsync();

        await alice.Page.GotoAsync("/Contacts");
        await Person.Connected(alice.Page);
        await alice.SearchAndAdd(bobName);
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Request sent");

        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Contacts 1" })).ToBeVisibleAsync();
        await bob.Contact(aliceName).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Expect(bobsContactsLink).ToBeVisibleAsync();
        await Expect(bob.Contact(aliceName)).ToContainTextAsync("Online");
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");
        await alice.Page.ScreenshotAsync(new() { Path = Person.Screenshot("contacts.png") });

        await bob.Page.CloseAsync();
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Offline", new() { Timeout = 5_000 });

        var bobAgain = await bob.Context.NewPageAsync();
        await bobAgain.GotoAsync("/Contacts");
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");
        var aliceOnBobsPage = bobAgain.GetByRole(AriaRole.List, new() { Name = "Contacts", Exact = true }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = aliceName });
        await aliceOnBobsPage.GetByRole(AriaRole.Button, new() { Name = "Block" }).ClickAsync();
        await Expect(aliceOnBobsPage).ToContainTextAsync("Blocked");
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Offline", new() { Timeout = 5_000 });

        await alice.Contact(bobName).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(alice.Contact(bobName)).ToHaveCountAsync(0);
        await alice.SearchAndAdd(bobName);
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Request sent");
        await Expect(bobAgain.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        await Expect(aliceOnBobsPage).ToContainTextAsync("Blocked");

        await aliceOnBobsPage.GetByRole(AriaRole.Button, new() { Name = "Unblock" }).ClickAsync();
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");
        await Expect(aliceOnBobsPage).ToContainTextAsync("Online");
    }

    [Fact]
    public async Task A_declined_request_disappears_for_the_one_who_declined_and_stays_sent_for_the_asker()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var asker = await fixture.NewPerson();
        await using var decliner = await fixture.NewPerson();
        await asker.Register($"Asker {tag}");
        await decliner.Register($"Decliner {tag}");
        await asker.Page.GotoAsync("/Contacts");
        await Person.Connected(asker.Page);
        await asker.SearchAndAdd($"Decliner {tag}");

        await decliner.Contact($"Asker {tag}").GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Expect(decliner.Contact($"Asker {tag}")).ToHaveCountAsync(0);
        await Expect(decliner.Page.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        await asker.Page.ReloadAsync();
        await Expect(asker.Contact($"Decliner {tag}")).ToContainTextAsync("Request sent");
    }

    [Fact]
    public async Task Search_ignores_case_and_accents_and_shows_nobody_found()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var emilie = await fixture.NewPerson();
        await using var searcher = await fixture.NewPerson();
        await emilie.Register($"Émilie Zoë{tag}");
        await searcher.Register("Searcher");
        await searcher.Page.GotoAsync("/Contacts");
        var box = searcher.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" });
        var results = searcher.Page.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Listitem);

        await box.FillAsync($"ZOE{tag}");
        await box.PressAsync("Enter");
        await Expect(results).ToHaveCountAsync(1);
        await Expect(results).ToContainTextAsync($"Émilie Zoë{tag}");

        await box.FillAsync($"nobody-{tag}");
        await box.PressAsync("Enter");
        await Expect(results).ToHaveCountAsync(0);
        await Expect(searcher.Page.GetByText($"Nobody found for “nobody-{tag}”.")).ToBeVisibleAsync();
    }
}
