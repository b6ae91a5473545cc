namespace Viv.Contacts;

/// <summary>
/// One shard of the user directory, keyed by the first letter of the searchable words it holds
/// (see <c>SearchText.ShardOf</c>). No grain ever holds every user.
/// </summary>
[Alias("viv.IDirectoryShardGrain")]
public interface IDirectoryShardGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(Guid userId, IReadOnlyList<string> words);

    /// <summary>Users with a word starting with <paramref name="prefix"/>, best match first, without <paramref name="excluded"/>.</summary>
    [Alias("Find")]
    Task<IReadOnlyList<Guid>> Find(string prefix, Guid excluded, int skip, int take);
}
