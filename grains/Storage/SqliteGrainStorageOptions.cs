using Orleans.Storage;

namespace Viv.Storage;

public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Path of the SQLite database file; its folder is created if missing.</summary>
    public string DatabasePath { get; set; } = "";

    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
