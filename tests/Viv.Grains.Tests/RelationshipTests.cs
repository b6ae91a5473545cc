using Viv.Roster;
using static Viv.Roster.Relationship;
using static Viv.Roster.RelationshipError;

namespace Viv.Grains.Tests;

/// <summary>The per-side state machine, driven through the roster grains as the hub drives it.</summary>
public sealed class RelationshipTests(ClusterFixture fixture)
{
    private static readonly Dictionary<string, (char Actor, RelationshipAction Action)[]> States = new()
    {
        ["none"] = [],
        ["A asked"] = [('A', RelationshipAction.Request)],
        ["contacts"] = [('A', RelationshipAction.Request), ('B', RelationshipAction.Accept)],
        ["B declined"] = [('A', RelationshipAction.Request), ('B', RelationshipAction.Decline)],
        ["A blocked"] = [('A', RelationshipAction.Block)],
        ["A blocked contact"] = [('A', RelationshipAction.Request), ('B', RelationshipAction.Accept), ('A', RelationshipAction.Block)],
        ["A deleted contact"] = [('A', RelationshipAction.Request), ('B', RelationshipAction.Accept), ('A', RelationshipAction.Delete)],
        ["B blocked, A asked again"] = [('A', RelationshipAction.Request), ('B', RelationshipAction.Accept), ('B', RelationshipAction.Block), ('A', RelationshipAction.Delete), ('A', RelationshipAction.Request)],
    };

    [Theory]
    [InlineData("none", 'A', RelationshipAction.Request, RelationshipError.None, Requested, Pending)]
    [InlineData("none", 'A', RelationshipAction.Accept, NotPending, Relationship.None, Relationship.None)]
    [InlineData("none", 'A', RelationshipAction.Decline, NotPending, Relationship.None, Relationship.None)]
    [InlineData("none", 'A', RelationshipAction.Block, RelationshipError.None, Blocked, Relationship.None)]
    [InlineData("none", 'A', RelationshipAction.Unblock, NotBlocked, Relationship.None, Relationship.None)]
    [InlineData("none", 'A', RelationshipAction.Delete, NoRelationship, Relationship.None, Relationship.None)]
    [InlineData("none", 'B', RelationshipAction.Request, RelationshipError.None, Pending, Requested)]
    [InlineData("none", 'B', RelationshipAction.Block, RelationshipError.None, Relationship.None, Blocked)]
    [InlineData("A asked", 'A', RelationshipAction.Request, RelationshipError.None, Requested, Pending)]
    [InlineData("A asked", 'A', RelationshipAction.Accept, NotPending, Requested, Pending)]
    [InlineData("A asked", 'A', RelationshipAction.Decline, NotPending, Requested, Pending)]
    [InlineData("A asked", 'A', RelationshipAction.Block, RelationshipError.None, Blocked, Pending)]
    [InlineData("A asked", 'A', RelationshipAction.Unblock, NotBlocked, Requested, Pending)]
    [InlineData("A asked", 'A', RelationshipAction.Delete, RelationshipError.None, Deleted, Pending)]
    [InlineData("A asked", 'B', RelationshipAction.Request, RelationshipError.None, Accepted, Accepted)]
    [InlineData("A asked", 'B', RelationshipAction.Accept, RelationshipError.None, Accepted, Accepted)]
    [InlineData("A asked", 'B', RelationshipAction.Decline, RelationshipError.None, Requested, Relationship.None)]
    [InlineData("A asked", 'B', RelationshipAction.Block, RelationshipError.None, Requested, Blocked)]
    [InlineData("A asked", 'B', RelationshipAction.Unblock, NotBlocked, Requested, Pending)]
    [InlineData("A asked", 'B', RelationshipAction.Delete, RelationshipError.None, Requested, Deleted)]
    [InlineData("contacts", 'A', RelationshipAction.Request, AlreadyContacts, Accepted, Accepted)]
    [InlineData("contacts", 'A', RelationshipAction.Accept, NotPending, Accepted, Accepted)]
    [InlineData("contacts", 'A', RelationshipAction.Decline, NotPending, Accepted, Accepted)]
    [InlineData("contacts", 'A', RelationshipAction.Block, RelationshipError.None, Blocked, Accepted)]
    [InlineData("contacts", 'A', RelationshipAction.Unblock, NotBlocked, Accepted, Accepted)]
    [InlineData("contacts", 'A', RelationshipAction.Delete, RelationshipError.None, Deleted, Accepted)]
    [InlineData("contacts", 'B', RelationshipAction.Request, AlreadyContacts, Accepted, Accepted)]
    [InlineData("contacts", 'B', RelationshipAction.Block, RelationshipError.None, Accepted, Blocked)]
    [InlineData("contacts", 'B', RelationshipAction.Delete, RelationshipError.None, Accepted, Deleted)]
    [InlineData("B declined", 'A', RelationshipAction.Request, RelationshipError.None, Requested, Relationship.None)]
    [InlineData("B declined", 'A', RelationshipAction.Accept, NotPending, Requested, Relationship.None)]
    [InlineData("B declined", 'A', RelationshipAction.Block, RelationshipError.None, Blocked, Relationship.None)]
    [InlineData("B declined", 'A', RelationshipAction.Delete, RelationshipError.None, Deleted, Relationship.None)]
    [InlineData("B declined", 'B', RelationshipAction.Request, RelationshipError.None, Accepted, Accepted)]
    [InlineData("B declined", 'B', RelationshipAction.Accept, NotPending, Requested, Relationship.None)]
    [InlineData("B declined", 'B', RelationshipAction.Decline, NotPending, Requested, Relationship.None)]
    [InlineData("B declined", 'B', RelationshipAction.Block, RelationshipError.None, Requested, Blocked)]
    [InlineData("B declined", 'B', RelationshipAction.Unblock, NotBlocked, Requested, Relationship.None)]
    [InlineData("B declined", 'B', RelationshipAction.Delete, NoRelationship, Requested, Relationship.None)]
    [InlineData("A blocked", 'A', RelationshipAction.Request, UnblockFirst, Blocked, Relationship.None)]
    [InlineData("A blocked", 'A', RelationshipAction.Accept, NotPending, Blocked, Relationship.None)]
    [InlineData("A blocked", 'A', RelationshipAction.Block, RelationshipError.None, Blocked, Relationship.None)]
    [InlineData("A blocked", 'A', RelationshipAction.Unblock, RelationshipError.None, Relationship.None, Relationship.None)]
    [InlineData("A blocked", 'A', RelationshipAction.Delete, RelationshipError.None, Deleted, Relationship.None)]
    [InlineData("A blocked", 'B', RelationshipAction.Request, RelationshipError.None, Blocked, Requested)]
    [InlineData("A blocked", 'B', RelationshipAction.Accept, NotPending, Blocked, Relationship.None)]
    [InlineData("A blocked", 'B', RelationshipAction.Block, RelationshipError.None, Blocked, Blocked)]
    [InlineData("A blocked", 'B', RelationshipAction.Delete, NoRelationship, Blocked, Relationship.None)]
    [InlineData("A blocked contact", 'A', RelationshipAction.Unblock, RelationshipError.None, Accepted, Accepted)]
    [InlineData("A blocked contact", 'A', RelationshipAction.Request, UnblockFirst, Blocked, Accepted)]
    [InlineData("A blocked contact", 'A', RelationshipAction.Delete, RelationshipError.None, Deleted, Accepted)]
    [InlineData("A blocked contact", 'B', RelationshipAction.Request, AlreadyContacts, Blocked, Accepted)]
    [InlineData("A blocked contact", 'B', RelationshipAction.Accept, NotPending, Blocked, Accepted)]
    [InlineData("A blocked contact", 'B', RelationshipAction.Block, RelationshipError.None, Blocked, Blocked)]
    [InlineData("A blocked contact", 'B', RelationshipAction.Delete, RelationshipError.None, Blocked, Deleted)]
    [InlineData("A deleted contact", 'A', RelationshipAction.Request, RelationshipError.None, Accepted, Accepted)]
    [InlineData("A deleted contact", 'A', RelationshipAction.Delete, NoRelationship, Deleted, Accepted)]
    [InlineData("A deleted contact", 'A', RelationshipAction.Unblock, NotBlocked, Deleted, Accepted)]
    [InlineData("A deleted contact", 'A', RelationshipAction.Block, RelationshipError.None, Blocked, Accepted)]
    [InlineData("A deleted contact", 'B', RelationshipAction.Request, AlreadyContacts, Deleted, Accepted)]
    [InlineData("A deleted contact", 'B', RelationshipAction.Block, RelationshipError.None, Deleted, Blocked)]
    [InlineData("A deleted contact", 'B', RelationshipAction.Delete, RelationshipError.None, Deleted, Deleted)]
    [InlineData("B blocked, A asked again", 'B', RelationshipAction.Unblock, RelationshipError.None, Accepted, Accepted)]
    [InlineData("B blocked, A asked again", 'A', RelationshipAction.Request, RelationshipError.None, Requested, Blocked)]
    [InlineData("B blocked, A asked again", 'B', RelationshipAction.Delete, RelationshipError.None, Requested, Deleted)]
    public async Task Every_action_from_either_side_changes_only_what_it_should(
        string state, char actor, RelationshipAction action, RelationshipError error, Relationship a, Relationship b)
    {
        var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        foreach (var (who, step) in States[state])
        {
            (await (who == 'A' ? alice.Do(step, bob) : bob.Do(step, alice))).Should().Be(RelationshipError.None, $"setting up '{state}'");
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

            var results = await Task.WhenAll(alice.Do(RelationshipAction.Request, bob), bob.Do(RelationshipAction.Request, alice));

            results.Should().AllBeEquivalentTo(RelationshipError.None);
            (await alice.SideToward(bob)).Should().Be(Accepted);
            (await bob.SideToward(alice)).Should().Be(Accepted);
        }
    }

    [Fact]
    public async Task Acting_on_myself_or_an_unknown_user_is_refused()
    {
        var alice = await Member.Register(fixture.Client);

        (await alice.Roster.Act(alice.Id, RelationshipAction.Request)).Should().Be(Self);
        (await alice.Roster.Act(Guid.NewGuid(), RelationshipAction.Request)).Should().Be(UnknownUser);
        (await alice.Roster.Act(Guid.NewGuid(), RelationshipAction.Block)).Should().Be(UnknownUser);
        (await alice.Roster.GetContacts()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_to_someone_who_blocked_me_goes_nowhere_and_looks_sent()
    {
        var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        await bob.Connect();
        await bob.Do(RelationshipAction.Block, alice);
        await bob.Relay.WaitFor<ContactChanged>(bob.ConnectionId, c => c.Contact.Relationship == Relationship.Blocked);
        bob.Relay.Clear();

        var result = await alice.Do(RelationshipAction.Request, bob);

        result.Should().Be(RelationshipError.None);
        (await alice.ContactOf(bob))!.Relationship.Should().Be(Requested);
        (await bob.Roster.GetPendingCount()).Should().Be(0);
        (await bob.Relay.AfterQuietPeriod(bob.ConnectionId)).OfType<ContactChanged>().Should().BeEmpty();
    }

    [Fact]
    public async Task A_declined_request_still_reads_as_sent_to_the_asker()
    {
        var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        await alice.Connect();
        await alice.Do(RelationshipAction.Request, bob);
        await alice.Relay.WaitFor<ContactChanged>(alice.ConnectionId, c => c.Contact.Relationship == Relationship.Requested);
        alice.Relay.Clear();

        await bob.Do(RelationshipAction.Decline, alice);

        (await alice.ContactOf(bob))!.Relationship.Should().Be(Requested);
        (await alice.Relay.AfterQuietPeriod(alice.ConnectionId)).Should().BeEmpty();
    }
}
