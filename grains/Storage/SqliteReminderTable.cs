using Microsoft.Data.Sqlite;

namespace Viv.Storage;

/// <summary>
/// Orleans reminders in the embedded mode's SQLite file, so a reminder registered before a restart
/// still fires after it (a meeting's start). One row per grain and reminder name; the version is
/// the ETag, so a stale removal is refused like a stale grain-state write.
/// </summary>
public sealed class SqliteReminderTable(string databasePath) : IReminderTable
{
    private readonly SqliteDatabase _database = new(databasePath);

    public Task Init() => _database.Create("""
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id   TEXT NOT NULL,
            name       TEXT NOT NULL,
            grain_hash INTEGER NOT NULL,
            start_at   INTEGER NOT NULL,
            period     INTEGER NOT NULL,
            version    INTEGER NOT NULL,
            PRIMARY KEY (grain_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
        """);

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Query("WHERE grain_id = $g", ("$g", grainId.ToString()));

    /// <summary>Rows whose grain hash is in (begin, end]; the range wraps around when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Query(begin < end ? "WHERE grain_hash > $b AND grain_hash <= $e" : "WHERE grain_hash > $b OR grain_hash <= $e",
            ("$b", (long)begin), ("$e", (long)end));

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await Query("WHERE grain_id = $g AND name = $n", ("$g", grainId.ToString()), ("$n", reminderName))).Reminders.SingleOrDefault();

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        await using var connection = await _database.Open();
        await using var command = SqliteDatabase.Command(connection, """
            INSERT INTO reminders (grain_id, name, grain_hash, start_at, period, version)
            VALUES ($g, $n, $h, $s, $p, 1)
            ON CONFLICT (grain_id, name) DO UPDATE SET start_at = $s, period = $p, version = version + 1
            RETURNING version
            """,
            ("$g", entry.GrainId.ToString()), ("$n", entry.ReminderName), ("$h", (long)entry.GrainId.GetUniformHashCode()),
            ("$s", entry.StartAt.ToUniversalTime().Ticks), ("$p", entry.Period.Ticks));
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var connection = await _database.Open();
        await using var command = SqliteDatabase.Command(connection, "DELETE FROM reminders WHERE grain_id = $g AND name = $n AND version = $v",
            ("$g", grainId.ToString()), ("$n", reminderName), ("$v", long.Parse(eTag, System.Globalization.CultureInfo.InvariantCulture)));
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = await _database.Open();
        await SqliteDatabase.Execute(connection, "DELETE FROM reminders;");
    }

    private async Task<ReminderTableData> Query(string where, params (string Name, object Value)[] parameters)
    {
        await using var connection = await _database.Open();
        await using var command = SqliteDatabase.Command(connection, $"SELECT grain_id, name, start_at, period, version FROM reminders {where}", parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync())
        {
            rows.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(rows);
    }
}
