using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Viv.Accounts;

namespace Viv.Grains.Tests;

public sealed class SqliteGrainStorageTests(ClusterFixture fixture)
{
    private IGrainStorage Storage(string name = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME) =>
        fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(name);

    private static GrainId NewGrainId() => GrainId.Create("test", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Written_state_reads_back_with_a_new_etag()
    {
        var id = NewGrainId();
        var written = new GrainState<UsernameState>(new UsernameState { UserId = Guid.NewGuid() });

        await Storage().WriteStateAsync("s", id, written);
        var read = new GrainState<UsernameState>();
        await Storage().ReadStateAsync("s", id, read);

        read.RecordExists.Should().BeTrue();
        read.State!.UserId.Should().Be(written.State!.UserId);
        read.ETag.Should().Be(written.ETag).And.NotBeNull();
    }

    [Fact]
    public async Task Missing_state_reads_as_a_fresh_record()
    {
        var read = new GrainState<UsernameState>();

        await Storage().ReadStateAsync("s", NewGrainId(), read);

        read.RecordExists.Should().BeFalse();
        read.ETag.Should().BeNull();
        read.State!.UserId.Should().BeNull();
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_is_refused_and_changes_nothing()
    {
        var id = NewGrainId();
        var first = new GrainState<UsernameState>(new UsernameState());
        await Storage().WriteStateAsync("s", id, first);
        var stale = new GrainState<UsernameState>(new UsernameState { UserId = Guid.NewGuid() }) { ETag = first.ETag };
        first.State!.UserId = Guid.NewGuid();
        await Storage().WriteStateAsync("s", id, first);

        var write = () => Storage().WriteStateAsync("s", id, stale);

        await write.Should().ThrowAsync<InconsistentStateException>();
        var read = new GrainState<UsernameState>();
        await Storage().ReadStateAsync("s", id, read);
        read.State!.UserId.Should().Be(first.State.UserId);
    }

    [Fact]
    public async Task Creating_state_that_another_writer_created_first_is_refused()
    {
        var id = NewGrainId();
        await Storage().WriteStateAsync("s", id, new GrainState<UsernameState>(new UsernameState()));

        var secondCreate = () => Storage().WriteStateAsync("s", id, new GrainState<UsernameState>(new UsernameState()));

        await secondCreate.Should().ThrowAsync<InconsistentStateException>();
    }

    [Fact]
    public async Task Cleared_state_is_gone_and_a_stale_clear_is_refused()
    {
        var id = NewGrainId();
        var state = new GrainState<UsernameState>(new UsernameState { UserId = Guid.NewGuid() });
        await Storage().WriteStateAsync("s", id, state);
        var stale = new GrainState<UsernameState>(state.State) { ETag = "999" };

        await Storage().ClearStateAsync("s", id, state);
        var staleClear = () => Storage().ClearStateAsync("s", id, stale);

        await staleClear.Should().ThrowAsync<InconsistentStateException>();
        var read = new GrainState<UsernameState>();
        await Storage().ReadStateAsync("s", id, read);
        read.RecordExists.Should().BeFalse();
    }

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
        await alice.Do(Viv.Roster.RelationshipAction.Request, bob);
        await bob.Do(Viv.Roster.RelationshipAction.Accept, alice);
        await alice.Connect();
        await bob.Connect();
        var room = fixture.Client.GetGrain<Viv.Calls.ICallRoomGrain>(Guid.NewGuid());
        await room.Start(alice.End(), bob.Id, Viv.Calls.CallKind.Video);
        await room.HangUp(alice.Id);
        var history = fixture.Client.GetGrain<Viv.Calls.ICallHistoryGrain>(bob.Id);
        await Eventually.True(async () => (await history.GetRecent(1)).Count == 1, "waiting for the call record");

        foreach (var grain in new IAddressable[] { alice.Roster, bob.Roster, history, fixture.Client.GetGrain<Viv.Roster.IFriendshipGrain>(Viv.Roster.FriendshipKey.Of(alice.Id, bob.Id)) })
        {
            await fixture.Cluster.DeactivateAsync(grain);
        }

        (await alice.ContactOf(bob))!.Relationship.Should().Be(Viv.Roster.Relationship.Accepted);
        (await bob.SideToward(alice)).Should().Be(Viv.Roster.Relationship.Accepted);
        (await alice.Do(Viv.Roster.RelationshipAction.Request, bob)).Should().Be(Viv.Roster.RelationshipError.AlreadyContacts);
        (await history.GetRecent(5)).Single().Should().Match<Viv.Calls.CallRecord>(r => r.Outcome == Viv.Calls.CallOutcome.Missed && r.Others.Single() == alice.Id);
        (await history.GetUnseenMissed()).Should().Be(1);
    }

    [Fact]
    public async Task Stream_subscriptions_are_kept_in_the_sqlite_pubsub_store()
    {
        var key = Guid.NewGuid();
        var listener = fixture.Client.GetGrain<IStreamListenerGrain>(key);
        await listener.Listen();

        await listener.Publish("ping");

        await Eventually.True(async () => (await listener.Received()).Count > 0, "waiting for the stream item");
        (await listener.Received()).Should().Equal("ping");
        (await PubSubRows()).Should().BePositive();
    }

    private async Task<long> PubSubRows()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "viv.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE provider = $p";
        command.Parameters.AddWithValue("$p", ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
