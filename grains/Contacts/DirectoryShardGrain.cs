using Viv.Hosting;

namespace Viv.Contacts;

/// <summary>
/// Its state grows with the instance (every word of every user under one first letter), so it is a
/// large state: on Azure a blob, as a table row holds at most 983,040 bytes.
/// </summary>
public sealed class DirectoryShardGrain(
    [PersistentState("directory", VivSilo.LargeStates)] IPersistentState<DirectoryShardState> shard) : Grain, IDirectoryShardGrain
{
    private List<DirectoryEntry> Entries => shard.State.Entries;

    public async Task Add(Guid userId, IReadOnlyList<string> words)
    {
        var added = false;
        foreach (var word in words)
        {
            var entry = new DirectoryEntry(word, userId);
            var at = Entries.BinarySearch(entry, DirectoryEntry.Order);
            if (at < 0)
            {
                Entries.Insert(~at, entry);
                added = true;
            }
        }
        if (added)
        {
            await shard.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<Guid>> Find(string prefix, Guid excluded, int skip, int take)
    {
        var start = Entries.BinarySearch(new DirectoryEntry(prefix, Guid.Empty), DirectoryEntry.Order);
        var found = Entries.Skip(start < 0 ? ~start : start)
            .TakeWhile(e => e.Word.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e => e.UserId)
            .Where(id => id != excluded)
            .Distinct()
            .Skip(skip)
            .Take(take);
        return Task.FromResult<IReadOnlyList<Guid>>([.. found]);
    }
}
