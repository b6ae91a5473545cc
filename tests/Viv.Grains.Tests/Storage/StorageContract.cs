using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;
using Viv.Accounts;
using Viv.Hosting;

namespace Viv.Grains.Tests.Storage;

/// <summary>
/// What every grain relies on from its storage, checked the same way on each of the three Viv
/// keeps state in: SQLite (embedded), Azure Storage (Azurite) and Redis (clusters).
/// </summary>
public abstract class StorageContract<TBackend>(TBackend backend) where TBackend : StorageBackend
{
    private IGrainStorage Default => backend.Storage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private static GrainId NewGrainId() => GrainId.Create("contract", Guid.NewGuid().ToString("N"));

    private static GrainState<UsernameState> Holding(Guid? userId) => new(new UsernameState { UserId = userId });

    private async Task<GrainState<T>> Read<T>(GrainId id, IGrainStorage? storage = null) where T : new()
    {
        var read = new GrainState<T>(new T());
        await (storage ?? Default).ReadStateAsync("s", id, read);
        return read;
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag_and_missing_state_reads_as_new()
    {
        var id = NewGrainId();
        var written = Holding(Guid.NewGuid());

        await Default.WriteStateAsync("s", id, written);
        var read = await Read<UsernameState>(id);
        var missing = await Read<UsernameState>(NewGrainId());

        (read.RecordExists, read.State!.UserId, read.ETag).Should().Be((true, written.State!.UserId, written.ETag));
        read.ETag.Should().NotBeNull();
        (missing.RecordExists, missing.ETag, missing.State!.UserId).Should().Be((false, (string?)null, (Guid?)null));
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_is_refused_and_changes_nothing()
    {
        var id = NewGrainId();
        var first = Holding(null);
        await Default.WriteStateAsync("s", id, first);
        var stale = new GrainState<UsernameState>(new UsernameState { UserId = Guid.NewGuid() }) { ETag = first.ETag };
        first.State!.UserId = Guid.NewGuid();
        await Default.WriteStateAsync("s", id, first);

        var write = () => Default.WriteStateAsync("s", id, stale);

        await write.Should().ThrowAsync<InconsistentStateException>();
        (await Read<UsernameState>(id)).State!.UserId.Should().Be(first.State!.UserId);
    }

    [Fact]
    public async Task Creating_state_another_writer_created_first_is_refused()
    {
        var id = NewGrainId();
        var original = Holding(Guid.NewGuid());
        await Default.WriteStateAsync("s", id, original);

        var secondCreate = () => Default.WriteStateAsync("s", id, Holding(Guid.NewGuid()));

        await secondCreate.Should().ThrowAsync<InconsistentStateException>();
        (await Read<UsernameState>(id)).State!.UserId.Should().Be(original.State!.UserId);
    }

    [Fact]
    public async Task Cleared_state_is_gone_a_stale_clear_is_refused_and_state_can_be_written_again()
    {
        var id = NewGrainId();
        var state = Holding(Guid.NewGuid());
        await Default.WriteStateAsync("s", id, state);
        var stale = Holding(state.State!.UserId);
        stale.ETag = state.ETag;
        state.State!.UserId = Guid.NewGuid();
        await Default.WriteStateAsync("s", id, state);

        var staleClear = () => Default.ClearStateAsync("s", id, stale);
        await staleClear.Should().ThrowAsync<InconsistentStateException>();
        (await Read<UsernameState>(id)).State!.UserId.Should().Be(state.State!.UserId, "the stale clear changed nothing");

        await Default.ClearStateAsync("s", id, state);
        (await Read<UsernameState>(id)).RecordExists.Should().BeFalse();
        var again = Holding(Guid.NewGuid());
        await Default.WriteStateAsync("s", id, again);
        (await Read<UsernameState>(id)).State!.UserId.Should().Be(again.State!.UserId);
    }

    [Theory]
    [InlineData(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, 200_000)]
    [InlineData(VivSilo.LargeStates, 2_000_000)]
    public async Task Large_state_reads_back_byte_for_byte(string storageName, int size)
    {
        var id = NewGrainId();
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var storage = backend.Storage(storageName);

        await storage.WriteStateAsync("s", id, new GrainState<Bytes>(new Bytes { Value = bytes }));

        (await Read<Bytes>(id, storage)).State!.Value.Should().Equal(bytes);
    }

    /// <summary>
    /// A directory shard holds every word of every user under one first letter, so it grows with the
    /// instance: on Azure it must not be bound by a table row's 983,040 bytes (40,000 words here
    /// stand for some 13,000 users whose names start alike).
    /// </summary>
    [Fact]
    public async Task A_directory_shard_larger_than_a_table_row_is_kept_and_searched_after_a_restart()
    {
        var shard = $"q{Guid.NewGuid():N}";
        var words = Enumerable.Range(0, 40_000).Select(i => $"{shard}{i:D6}").ToList();
        var userId = Guid.NewGuid();
        await backend.Client.GetGrain<Viv.Contacts.IDirectoryShardGrain>(shard).Add(userId, words);

        await backend.Restart();

        (await backend.Client.GetGrain<Viv.Contacts.IDirectoryShardGrain>(shard).Find($"{shard}039999", Guid.Empty, 0, 20)).Should().Equal(userId);
    }

    [Fact]
    public async Task Of_eight_writers_from_the_same_read_exactly_one_succeeds_and_its_state_is_kept()
    {
        var id = NewGrainId();
        var original = Holding(null);
        await Default.WriteStateAsync("s", id, original);
        var writers = Enumerable.Range(0, 8).Select(_ => new GrainState<UsernameState>(new UsernameState { UserId = Guid.NewGuid() }) { ETag = original.ETag, RecordExists = true }).ToList();

        var outcomes = await Task.WhenAll(writers.Select(async writer =>
        {
            try
            {
                await Default.WriteStateAsync("s", id, writer);
                return writer.State!.UserId;
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        }));

        var winner = outcomes.Should().ContainSingle(userId => userId != null).Which;
        (await Read<UsernameState>(id)).State!.UserId.Should().Be(winner);
    }

    [Fact]
    public async Task State_and_reminders_outlive_a_restart_and_the_reminder_fires_after_it()
    {
        var id = NewGrainId();
        var kept = Holding(Guid.NewGuid());
        await Default.WriteStateAsync("s", id, kept);
        var probeKey = Guid.NewGuid();
        await backend.Client.GetGrain<IReminderProbeGrain>(probeKey).Arm(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        await backend.Restart();
        ReminderProbeGrain.Forget(probeKey);

        (await Read<UsernameState>(id)).State!.UserId.Should().Be(kept.State!.UserId);
        await Eventually.True(() => Task.FromResult(ReminderProbeGrain.TicksOf(probeKey) > 0), "waiting for the reminder to tick on the restarted silo", seconds: 30);
        await backend.Client.GetGrain<IReminderProbeGrain>(probeKey).Disarm();
    }
}

public sealed class SqliteStorageContract(SqliteBackend backend) : StorageContract<SqliteBackend>(backend), IClassFixture<SqliteBackend>;

public sealed class AzureStorageContract(AzureBackend backend) : StorageContract<AzureBackend>(backend), IClassFixture<AzureBackend>;

public sealed class RedisStorageContract(RedisBackend backend) : StorageContract<RedisBackend>(backend), IClassFixture<RedisBackend>;
