using Microsoft.Data.Sqlite;

namespace Viv.Storage;

/// <summary>The embedded mode's one SQLite file: how each store in it (grain state, reminders) creates its table and opens connections.</summary>
internal sealed class SqliteDatabase(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    public string Path => path;

    /// <summary>Creates the file, switches it to write-ahead logging and runs <paramref name="schema"/> (idempotent DDL).</summary>
    public async Task Create(string schema)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        await using var connection = await Open();
        await Execute(connection, "PRAGMA journal_mode = WAL;\n" + schema);
    }

    public async Task<SqliteConnection> Open()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        // With WAL, NORMAL syncs at checkpoints instead of every commit: a crash of the process loses
        // nothing, a power cut may lose the last commits. FULL cost a disk flush per grain write.
        await Execute(connection, "PRAGMA synchronous = NORMAL;");
        return connection;
    }

    public static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync();
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
