using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Viv.Storage;

/// <summary>
/// Grain state in one SQLite table, for the embedded single-process mode. Every write names the
/// ETag it read; a row that moved on since is refused with <see cref="InconsistentStateException"/>,
/// which is how Orleans detects two activations of one grain writing over each other.
/// </summary>
public sealed partial class SqliteGrainStorage(
    string name,
    SqliteGrainStorageOptions options,
    ILogger<SqliteGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly SqliteDatabase _database = new(options.DatabasePath);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(name), ServiceLifecycleStage.ApplicationServices, Initialize);

    private async Task Initialize(CancellationToken cancellation)
    {
        await _database.Create("""
            CREATE TABLE IF NOT EXISTS grain_state (
                provider   TEXT NOT NULL,
                state_name TEXT NOT NULL,
                grain_id   TEXT NOT NULL,
                payload    BLOB NOT NULL,
                etag       INTEGER NOT NULL,
                PRIMARY KEY (provider, state_name, grain_id)
            ) WITHOUT ROWID;
            """);
        LogReady(name, options.DatabasePath);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await Open();
        await using var command = Command(connection,
            "SELECT payload, etag FROM grain_state WHERE provider = $p AND state_name = $s AND grain_id = $g",
            stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var payload = (byte[])reader.GetValue(0);
        grainState.State = options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        var expected = ParseETag(grainState.ETag);
        await using var connection = await Open();
        await using var command = Command(connection, expected is null
            ? "INSERT INTO grain_state (provider, state_name, grain_id, payload, etag) VALUES ($p, $s, $g, $payload, 1) ON CONFLICT DO NOTHING"
            : "UPDATE grain_state SET payload = $payload, etag = etag + 1 WHERE provider = $p AND state_name = $s AND grain_id = $g AND etag = $etag",
            stateName, grainId);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$etag", expected ?? 0);
        if (await command.ExecuteNonQueryAsync() != 1)
        {
            throw Conflict(stateName, grainId, grainState.ETag);
        }
        grainState.ETag = ((expected ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = ParseETag(grainState.ETag);
        if (expected is not null)
        {
            await using var connection = await Open();
            await using var command = Command(connection,
                "DELETE FROM grain_state WHERE provider = $p AND state_name = $s AND grain_id = $g AND etag = $etag",
                stateName, grainId);
            command.Parameters.AddWithValue("$etag", expected);
            if (await command.ExecuteNonQueryAsync() != 1)
            {
                throw Conflict(stateName, grainId, grainState.ETag);
            }
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private Task<SqliteConnection> Open() => _database.Open();

    private SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId) =>
        SqliteDatabase.Command(connection, sql, ("$p", name), ("$s", stateName), ("$g", grainId.ToString()));

    private static long? ParseETag(string? etag) =>
        etag is null ? null : long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? etag)
    {
        LogConflict(name, stateName, grainId, etag);
        return new InconsistentStateException($"State {stateName} of {grainId} changed since it was read (ETag {etag ?? "none"}).", storedEtag: "unknown", currentEtag: etag ?? "none");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Provider} ready in {DatabasePath}")]
    private partial void LogReady(string provider, string databasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Provider} refused a write to {StateName} of {GrainId}: ETag {ETag} is stale")]
    private partial void LogConflict(string provider, string stateName, GrainId grainId, string? etag);
}
