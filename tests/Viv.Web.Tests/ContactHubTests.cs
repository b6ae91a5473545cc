using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>The contact list over the hub, as any client (browser or native) uses it.</summary>
public sealed class ContactHubTests(ServerFixture fixture)
{
    private sealed record Reply(bool Ok, string? Error);

    private Task<HubUser> SignedIn(string fullName) => HubUser.SignIn(fixture.Server, fullName);

    [Fact]
    public async Task Refused_actions_answer_in_words_and_change_nothing()
    {
        await using var alice = await SignedIn("Alice Hub");
        await using var bob = await SignedIn("Bob Hub");

        var self = await alice.Hub.InvokeAsync<Reply>("ChangeContact", alice.Id, "request");
        var unknown = await alice.Hub.InvokeAsync<Reply>("ChangeContact", Guid.NewGuid(), "request");
        var acceptNothing = await alice.Hub.InvokeAsync<Reply>("ChangeContact", bob.Id, "accept");
        var unblockNothing = await alice.Hub.InvokeAsync<Reply>("ChangeContact", bob.Id, "unblock");
        var deleteNothing = await alice.Hub.InvokeAsync<Reply>("ChangeContact", bob.Id, "delete");

        self.Should().Be(new Reply(false, "That is you."));
        unknown.Should().Be(new Reply(false, "There is no such user."));
        acceptNothing.Should().Be(new Reply(false, "There is no request to answer."));
        unblockNothing.Should().Be(new Reply(false, "They are not blocked."));
        deleteNothing.Should().Be(new Reply(false, "They are not on your contacts."));
        (await alice.Hub.InvokeAsync<JsonElement>("Contacts")).GetArrayLength().Should().Be(0);
        (await bob.Hub.InvokeAsync<JsonElement>("Contacts")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Repeated_requests_are_one_request_and_a_request_to_a_contact_is_refused()
    {
        await using var alice = await SignedIn("Alice Twice");
        await using var bob = await SignedIn("Bob Twice");

        (await alice.Hub.InvokeAsync<Reply>("ChangeContact", bob.Id, "request")).Ok.Should().BeTrue();
        (await alice.Hub.InvokeAsync<Reply>("ChangeContact", bob.Id, "request")).Ok.Should().BeTrue();
        var bobsContacts = await bob.Hub.InvokeAsync<JsonElement>("Contacts");
        (await bob.Hub.InvokeAsync<Reply>("ChangeContact", alice.Id, "accept")).Ok.Should().BeTrue();
        var again = await alice.Hub.InvokeAsync<Reply>("ChangeContact", bob.Id, "request");

        bobsContacts.GetArrayLength().Should().Be(1);
        bobsContacts[0].GetProperty("relationship").GetString().Should().Be("pending");
        again.Should().Be(new Reply(false, "You are already contacts."));
    }

    [Fact]
    public async Task The_snapshot_shows_a_contact_online_with_name_and_presence()
    {
        await using var alice = await SignedIn("Alice Snapshot");
        await using var bob = await SignedIn("Bob Snapshot");
        await alice.Hub.InvokeAsync<Reply>("ChangeContact", bob.Id, "request");
        await bob.Hub.InvokeAsync<Reply>("ChangeContact", alice.Id, "accept");

        var contacts = await alice.Hub.InvokeAsync<JsonElement>("Contacts");

        var bobSeen = contacts.EnumerateArray().Single();
        bobSeen.GetProperty("profile").GetProperty("fullName").GetString().Should().Be("Bob Snapshot");
        bobSeen.GetProperty("relationship").GetString().Should().Be("accepted");
        bobSeen.GetProperty("presence").GetProperty("presence").GetString().Should().Be("online");
    }

    [Fact]
    public async Task A_huge_search_finds_nothing_and_a_one_letter_search_is_paged()
    {
        await using var alice = await SignedIn("Alice Search");
        await SignedIn("Aaron Findable");

        var huge = await alice.Hub.InvokeAsync<JsonElement>("Search", new string('a', 10_000), 0);
        var one = await alice.Hub.InvokeAsync<JsonElement>("Search", "a", 0);

        huge.GetProperty("results").GetArrayLength().Should().Be(0);
        one.GetProperty("results").GetArrayLength().Should().BeInRange(1, 20);
    }

    [Fact]
    public async Task An_unknown_action_is_refused_by_the_hub()
    {
        await using var alice = await SignedIn("Alice Bad Action");

        var call = () => alice.Hub.InvokeAsync<Reply>("ChangeContact", alice.Id, "befriend-everyone");

        await call.Should().ThrowAsync<HubException>();
    }
}
