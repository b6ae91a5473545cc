namespace Viv.Contacts;

[GenerateSerializer, Alias("viv.directory-shard-state")]
public sealed class DirectoryShardState
{
    /// <summary>Sorted by word, then user id, so a prefix is one contiguous range.</summary>
    [Id(0)] public List<DirectoryEntry> Entries { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("viv.directory-entry")]
public sealed record DirectoryEntry([property: Id(0)] string Word, [property: Id(1)] Guid UserId)
{
    public static readonly IComparer<DirectoryEntry> Order = Comparer<DirectoryEntry>.Create((a, b) =>
        string.CompareOrdinal(a.Word, b.Word) is var byWord and not 0 ? byWord : a.UserId.CompareTo(b.UserId));
}
