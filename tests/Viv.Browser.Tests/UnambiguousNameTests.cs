namespace Viv.Browser.Tests;

/// <summary>
/// Full names are not unique, so anyone can take a friend's. What tells the two apart is the
/// @username, shown beside the name wherever it says who is asking or calling.
/// </summary>
public sealed class UnambiguousNameTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Two_people_with_the_same_full_name_are_told_apart_by_their_username_in_requests_the_incoming_call_and_the_tile()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (myName, sharedName) = ($"Me {tag}", $"Sam Lee {tag}");
        await using var me = await fixture.NewPerson();
        await using var friend = await fixture.NewPerson();
        await using var impostor = await fixture.NewPerson();
        await me.Register(myName);
        await friend.Register(sharedName);
        await impostor.Register(sharedName);
        await Person.Connected(me.Page);

        // Both ask to be my contact: the notices and the requests differ only by the @username.
        foreach (var asker in new[] { friend, impostor })
        {
            await asker.Page.GotoAsync("/Contacts");
            await Person.Connected(asker.Page);
            await asker.SearchAndAdd(myName);
            await Expect(me.Page.GetByRole(AriaRole.Status).GetByText($"{sharedName} @{asker.Username} wants to be your contact.")).ToHaveCountAsync(1);
        }
        var requests = me.Contact(sharedName);
        await Expect(requests).ToHaveCountAsync(2);
        foreach (var asker in new[] { friend, impostor })
        {
            var request = requests.Filter(new() { HasText = $"@{asker.Username}" });
            await Expect(request).ToContainTextAsync("Wants to be your contact");
            await request.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
            await Expect(asker.Contact(myName)).ToContainTextAsync("Online");
        }

        // The impostor calls: the ringing dialog, the live region and the tile all name the impostor's @username.
        await impostor.Call(myName);
        await Expect(me.IncomingCall).ToContainTextAsync($"{sharedName} @{impostor.Username}");
        await Expect(me.IncomingCall).Not.ToContainTextAsync(friend.Username);
        await Expect(me.Page.GetByRole(AriaRole.Status).GetByText($"{sharedName} @{impostor.Username} is calling.")).ToHaveCountAsync(1);
        await me.AcceptCall();
        await me.SeesVideoOf(sharedName);
        var tile = me.Tile(sharedName);
        await Expect(tile).ToContainTextAsync($"@{impostor.Username}");
        await Expect(me.Page.Locator($"video[aria-label='{sharedName} @{impostor.Username}']")).ToHaveCountAsync(1);
        await Expect(me.CallView.GetByRole(AriaRole.Status)).ToHaveTextAsync($"In a call with {sharedName} @{impostor.Username}");
    }
}
