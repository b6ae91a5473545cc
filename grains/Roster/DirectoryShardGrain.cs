namespace Viv.Roster;

public sealed class DirectoryShardGrain(
    [PersistentState("directory")] IPersistentState<DirectoryShardState> shard) : Grain, IDirectoryShardGrain
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
