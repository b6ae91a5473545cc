using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Viv.Accounts;
using Viv.Contacts;

namespace Viv.Grains.Tests;

/// <summary>
/// Embedded mode's grains keep their state in the SQLite file; the storage contract every backend
/// keeps is in <see cref="Storage.StorageContract{TBackend}"/>.
/// </summary>
public sealed class SqliteGrainStorageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Grain_state_outlives_its_activation()
    {
        var (_, id) = await Accounts.Register(fixture.Client, "Katherine Johnson");
        var user = fixture.Client.GetGrain<IUserGrain>(id);

        await fixture.Cluster.DeactivateAsync(user);

        (await user.GetProfile())!.FullName.Should().Be("Katherine Johnson");
    }

    [Fact]
    public async Task Contact_pairs_contact_lists_directory_and_call_history_outlive_their_activations()
    {
        var (alice, bob) = (await Member.Register(fixture.Client, "Persisted Alice"), await Member.Register(fixture.Client, "Persisted Bob"));
        await alice.Do(ContactAction.Request, bob);
        await bob.Do(ContactAction.Accept, alice);
        await alice.Connect();
        await bob.Connect();
        var room = fixture.Client.GetGrain<Viv.Calls.ICallRoomGrain>(Guid.NewGuid());
        await room.Start(alice.End(), bob.Id, Viv.Calls.CallKind.Video);
        await room.HangUp(alice.Id);
        var history = fixture.Client.GetGrain<Viv.Calls.ICallHistoryGrain>(bob.Id);
        await Eventually.True(async () => (await history.GetRecent(1)).Count == 1, "waiting for the call record");

        foreach (var grain in new IAddressable[] { alice.ContactList, bob.ContactList, history, fixture.Client.GetGrain<IContactPairGrain>(ContactPairKey.Of(alice.Id, bob.Id)) })
        {
            await fixture.Cluster.DeactivateAsync(grain);
        }

        (await alice.ContactOf(bob))!.Relationship.Should().Be(ContactStatus.Accepted);
        (await bob.SideToward(alice)).Should().Be(ContactStatus.Accepted);
        (await alice.Do(ContactAction.Request, bob)).Should().Be(ContactError.AlreadyContacts);
        (await history.GetRecent(5)).Single().Should().Match<Viv.Calls.CallRecord>(r => r.Outcome == Viv.Calls.CallOutcome.Missed && r.Others.Single() == alice.Id);
        (await history.GetUnseenMissed()).Should().Be(1);
    }

    /// <summary>
    /// Written as RosterGrain and FriendshipGrain stored them before they were renamed: the grain
    /// type Orleans derived from the old class name is part of every stored key.
    /// </summary>
    [Fact]
    public async Task Contacts_stored_under_the_former_roster_and_friendship_grain_types_are_still_there()
    {
        var (alice, bob) = (await Member.Register(fixture.Client, "Stored Alice"), await Member.Register(fixture.Client, "Stored Bob"));
        var storage = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
            .GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var accepted = new ContactSide(ContactStatus.Accepted);
        await storage.WriteStateAsync("friendship", GrainId.Create("friendship", ContactPairKey.Of(alice.Id, bob.Id)),
            new GrainState<ContactPairState>(new ContactPairState { Low = accepted, High = accepted, Version = 1 }));
        foreach (var (me, other) in new[] { (alice, bob), (bob, alice) })
        {
            await storage.WriteStateAsync("roster", GrainId.Create("roster", me.Id.ToString("N")), new GrainState<ContactListState>(
                new ContactListState { Entries = { [other.Id] = new ContactListEntry(ContactStatus.Accepted, ContactStatus.Accepted, 1) } }));
        }

        (await alice.ContactOf(bob))!.Relationship.Should().Be(ContactStatus.Accepted);
        (await bob.ContactOf(alice))!.Relationship.Should().Be(ContactStatus.Accepted);
        (await alice.Do(ContactAction.Request, bob)).Should().Be(ContactError.AlreadyContacts, "the pair read its stored state too");
    }
}
