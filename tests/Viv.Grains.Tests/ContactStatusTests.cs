using Viv.Contacts;
using static Viv.Contacts.ContactStatus;
using static Viv.Contacts.ContactError;

namespace Viv.Grains.Tests;

/// <summary>The per-side state machine, driven through the contact list grains as the hub drives it.</summary>
public sealed class ContactStatusTests(ClusterFixture fixture)
{
    private static readonly Dictionary<string, (char Actor, ContactAction Action)[]> States = new()
    {
        ["none"] = [],
        ["A asked"] = [('A', ContactAction.Request)],
        ["contacts"] = [('A', ContactAction.Request), ('B', ContactAction.Accept)],
        ["B declined"] = [('A', ContactAction.Request), ('B', ContactAction.Decline)],
        ["A blocked"] = [('A', ContactAction.Block)],
        ["A blocked contact"] = [('A', ContactAction.Request), ('B', ContactAction.Accept), ('A', ContactAction.Block)],
        ["A deleted contact"] = [('A', ContactAction.Request), ('B', ContactAction.Accept), ('A', ContactAction.Delete)],
        ["B blocked, A asked again"] = [('A', ContactAction.Request), ('B', ContactAction.Accept), ('B', ContactAction.Block), ('A', ContactAction.Delete), ('A', ContactAction.Request)],
    };

    [Theory]
    [InlineData("none", 'A', ContactAction.Request, ContactError.None, Requested, Pending)]
    [InlineData("none", 'A', ContactAction.Accept, NotPending, ContactStatus.None, ContactStatus.None)]
    [InlineData("none", 'A', ContactAction.Decline, NotPending, ContactStatus.None, ContactStatus.None)]
    [InlineData("none", 'A', ContactAction.Block, ContactError.None, Blocked, ContactStatus.None)]
    [InlineData("none", 'A', ContactAction.Unblock, NotBlocked, ContactStatus.None, ContactStatus.None)]
    [InlineData("none", 'A', ContactAction.Delete, NoRelationship, ContactStatus.None, ContactStatus.None)]
    [InlineData("none", 'B', ContactAction.Request, ContactError.None, Pending, Requested)]
    [InlineData("none", 'B', ContactAction.Block, ContactError.None, ContactStatus.None, Blocked)]
    [InlineData("A asked", 'A', ContactAction.Request, ContactError.None, Requested, Pending)]
    [InlineData("A asked", 'A', ContactAction.Accept, NotPending, Requested, Pending)]
    [InlineData("A asked", 'A', ContactAction.Decline, NotPending, Requested, Pending)]
    [InlineData("A asked", 'A', ContactAction.Block, ContactError.None, Blocked, Pending)]
    [InlineData("A asked", 'A', ContactAction.Unblock, NotBlocked, Requested, Pending)]
    [InlineData("A asked", 'A', ContactAction.Delete, ContactError.None, Deleted, Pending)]
    [InlineData("A asked", 'B', ContactAction.Request, ContactError.None, Accepted, Accepted)]
    [InlineData("A asked", 'B', ContactAction.Accept, ContactError.None, Accepted, Accepted)]
    [InlineData("A asked", 'B', ContactAction.Decline, ContactError.None, Requested, ContactStatus.None)]
    [InlineData("A asked", 'B', ContactAction.Block, ContactError.None, Requested, Blocked)]
    [InlineData("A asked", 'B', ContactAction.Unblock, NotBlocked, Requested, Pending)]
    [InlineData("A asked", 'B', ContactAction.Delete, ContactError.None, Requested, Deleted)]
    [InlineData("contacts", 'A', ContactAction.Request, AlreadyContacts, Accepted, Accepted)]
    [InlineData("contacts", 'A', ContactAction.Accept, NotPending, Accepted, Accepted)]
    [InlineData("contacts", 'A', ContactAction.Decline, NotPending, Accepted, Accepted)]
    [InlineData("contacts", 'A', ContactAction.Block, ContactError.None, Blocked, Accepted)]
    [InlineData("contacts", 'A', ContactAction.Unblock, NotBlocked, Accepted, Accepted)]
    [InlineData("contacts", 'A', ContactAction.Delete, ContactError.None, Deleted, Accepted)]
    [InlineData("contacts", 'B', ContactAction.Request, AlreadyContacts, Accepted, Accepted)]
    [InlineData("contacts", 'B', ContactAction.Block, ContactError.None, Accepted, Blocked)]
    [InlineData("contacts", 'B', ContactAction.Delete, ContactError.None, Accepted, Deleted)]
    [InlineData("B declined", 'A', ContactAction.Request, ContactError.None, Requested, ContactStatus.None)]
    [InlineData("B declined", 'A', ContactAction.Accept, NotPending, Requested, ContactStatus.None)]
    [InlineData("B declined", 'A', ContactAction.Block, ContactError.None, Blocked, ContactStatus.None)]
    [InlineData("B declined", 'A', ContactAction.Delete, ContactError.None, Deleted, ContactStatus.None)]
    [InlineData("B declined", 'B', ContactAction.Request, ContactError.None, Accepted, Accepted)]
    [InlineData("B declined", 'B', ContactAction.Accept, NotPending, Requested, ContactStatus.None)]
    [InlineData("B declined", 'B', ContactAction.Decline, NotPending, Requested, ContactStatus.None)]
    [InlineData("B declined", 'B', ContactAction.Block, ContactError.None, Requested, Blocked)]
    [InlineData("B declined", 'B', ContactAction.Unblock, NotBlocked, Requested, ContactStatus.None)]
    [InlineData("B declined", 'B', ContactAction.Delete, NoRelationship, Requested, ContactStatus.None)]
    [InlineData("A blocked", 'A', ContactAction.Request, UnblockFirst, Blocked, ContactStatus.None)]
    [InlineData("A blocked", 'A', ContactAction.Accept, NotPending, Blocked, ContactStatus.None)]
    [InlineData("A blocked", 'A', ContactAction.Block, ContactError.None, Blocked, ContactStatus.None)]
    [InlineData("A blocked", 'A', ContactAction.Unblock, ContactError.None, ContactStatus.None, ContactStatus.None)]
    [InlineData("A blocked", 'A', ContactAction.Delete, ContactError.None, Deleted, ContactStatus.None)]
    [InlineData("A blocked", 'B', ContactAction.Request, ContactError.None, Blocked, Requested)]
    [InlineData("A blocked", 'B', ContactAction.Accept, NotPending, Blocked, ContactStatus.None)]
    [InlineData("A blocked", 'B', ContactAction.Block, ContactError.None, Blocked, Blocked)]
    [InlineData("A blocked", 'B', ContactAction.Delete, NoRelationship, Blocked, ContactStatus.None)]
    [InlineData("A blocked contact", 'A', ContactAction.Unblock, ContactError.None, Accepted, Accepted)]
    [InlineData("A blocked contact", 'A', ContactAction.Request, UnblockFirst, Blocked, Accepted)]
    [InlineData("A blocked contact", 'A', ContactAction.Delete, ContactError.None, Deleted, Accepted)]
    [InlineData("A blocked contact", 'B', ContactAction.Request, AlreadyContacts, Blocked, Accepted)]
    [InlineData("A blocked contact", 'B', ContactAction.Accept, NotPending, Blocked, Accepted)]
    [InlineData("A blocked contact", 'B', ContactAction.Block, ContactError.None, Blocked, Blocked)]
    [InlineData("A blocked contact", 'B', ContactAction.Delete, ContactError.None, Blocked, Deleted)]
    [InlineData("A deleted contact", 'A', ContactAction.Request, ContactError.None, Accepted, Accepted)]
    [InlineData("A deleted contact", 'A', ContactAction.Delete, NoRelationship, Deleted, Accepted)]
    [InlineData("A deleted contact", 'A', ContactAction.Unblock, NotBlocked, Deleted, Accepted)]
    [InlineData("A deleted contact", 'A', ContactAction.Block, ContactError.None, Blocked, Accepted)]
    [InlineData("A deleted contact", 'B', ContactAction.Request, AlreadyContacts, Deleted, Accepted)]
    [InlineData("A deleted contact", 'B', ContactAction.Block, ContactError.None, Deleted, Blocked)]
    [InlineData("A deleted contact", 'B', ContactAction.Delete, ContactError.None, Deleted, Deleted)]
    [InlineData("B blocked, A asked again", 'B', ContactAction.Unblock, ContactError.None, Accepted, Accepted)]
    [InlineData("B blocked, A asked again", 'A', ContactAction.Request, ContactError.None, Requested, Blocked)]
    [InlineData("B blocked, A asked again", 'B', ContactAction.Delete, ContactError.None, Requested, Deleted)]
    public async Task Every_action_from_either_side_changes_only_what_it_should(
        string state, char actor, ContactAction action, ContactError error, ContactStatus a, ContactStatus b)
    {
        var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        foreach (var (who, step) in States[state])
        {
            (await (who == 'A' ? alice.Do(step, bob) : bob.Do(step, alice))).Should().Be(ContactError.None, $"setting up '{state}'");
        }

        var result = await (actor == 'A' ? alice.Do(action, bob) : bob.Do(action, alice));

        result.Should().Be(error);
        (await alice.SideTowardSettled(bob, a)).Should().Be(a, "A's side");
        (await bob.SideTowardSettled(alice, b)).Should().Be(b, "B's side");
    }

    [Fact]
    public async Task Crossing_requests_end_accepted_for_both()
    {
        for (var i = 0; i < 10; i++)
        {
            var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));

            var results = await Task.WhenAll(alice.Do(ContactAction.Request, bob), bob.Do(ContactAction.Request, alice));

            results.Should().AllBeEquivalentTo(ContactError.None);
            (await alice.SideToward(bob)).Should().Be(Accepted);
            (await bob.SideToward(alice)).Should().Be(Accepted);
        }
    }

    [Fact]
    public async Task Acting_on_myself_or_an_unknown_user_is_refused()
    {
        var alice = await Member.Register(fixture.Client);

        (await alice.ContactList.Act(alice.Id, ContactAction.Request)).Should().Be(Self);
        (await alice.ContactList.Act(Guid.NewGuid(), ContactAction.Request)).Should().Be(UnknownUser);
        (await alice.ContactList.Act(Guid.NewGuid(), ContactAction.Block)).Should().Be(UnknownUser);
        (await alice.ContactList.GetContacts()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_to_someone_who_blocked_me_goes_nowhere_and_looks_sent()
    {
        var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        await bob.Connect();
        await bob.Do(ContactAction.Block, alice);
        await bob.Relay.WaitFor<ContactChanged>(bob.ConnectionId, c => c.Contact.Relationship == ContactStatus.Blocked);
        bob.Relay.Clear();

        var result = await alice.Do(ContactAction.Request, bob);

        result.Should().Be(ContactError.None);
        (await alice.ContactOf(bob))!.Relationship.Should().Be(Requested);
        (await bob.ContactList.GetPendingCount()).Should().Be(0);
        (await bob.Relay.AfterQuietPeriod(bob.ConnectionId)).OfType<ContactChanged>().Should().BeEmpty();
    }

    [Fact]
    public async Task A_declined_request_still_reads_as_sent_to_the_asker()
    {
        var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        await alice.Connect();
        await alice.Do(ContactAction.Request, bob);
        await alice.Relay.WaitFor<ContactChanged>(alice.ConnectionId, c => c.Contact.Relationship == ContactStatus.Requested);
        alice.Relay.Clear();

        await bob.Do(ContactAction.Decline, alice);

        (await alice.ContactOf(bob))!.Relationship.Should().Be(Requested);
        (await alice.Relay.AfterQuietPeriod(alice.ConnectionId)).Should().BeEmpty();
    }
}
