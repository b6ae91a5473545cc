using Microsoft.Data.Sqlite;
using Orleans.Providers;
using Viv.Accounts;

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
    public async Task Friendships_rosters_directory_and_call_history_outlive_their_activations()
    {
        var (alice, bob) = (await Member.Register(fixture.Client, "Persisted Alice"), await Member.Register(fixture.Client, "Persisted Bob"));
        await alice.Do(Viv.Contacts.ContactAction.Request, bob);
        await bob.Do(Viv.Contacts.ContactAction.Accept, alice);
        await alice.Connect();
        await bob.Connect();
        var room = fixture.Client.GetGrain<Viv.Calls.ICallRoomGrain>(Guid.NewGuid());
        await room.Start(alice.End(), bob.Id, Viv.Calls.CallKind.Video);
        await room.HangUp(alice.Id);
        var history = fixture.Client.GetGrain<Viv.Calls.ICallHistoryGrain>(bob.Id);
        await Eventually.True(async () => (await history.GetRecent(1)).Count == 1, "waiting for the call record");

        foreach (var grain in new IAddressable[] { alice.Roster, bob.Roster, history, fixture.Client.GetGrain<Viv.Contacts.IContactPairGrain>(Viv.Contacts.ContactPairKey.Of(alice.Id, bob.Id)) })
        {
            await fixture.Cluster.DeactivateAsync(grain);
        }

        (await alice.ContactOf(bob))!.Relationship.Should().Be(Viv.Contacts.ContactStatus.Accepted);
        (await bob.SideToward(alice)).Should().Be(Viv.Contacts.ContactStatus.Accepted);
        (await alice.Do(Viv.Contacts.ContactAction.Request, bob)).Should().Be(Viv.Contacts.ContactError.AlreadyContacts);
        (await history.GetRecent(5)).Single().Should().Match<Viv.Calls.CallRecord>(r => r.Outcome == Viv.Calls.CallOutcome.Missed && r.Others.Single() == alice.Id);
        (await history.GetUnseenMissed()).Should().Be(1);
    }
}
