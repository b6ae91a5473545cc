using Microsoft.Extensions.Options;
using Viv.Accounts;
using Viv.Calls;
using Viv.Hosting;
using Viv.Realtime;

namespace Viv.Contacts;

/// <summary>
/// The grain type it had as RosterGrain: stored contact lists are keyed by it (<c>roster/{user id}</c>)
/// and would not be found under a new one.
/// </summary>
[GrainType("roster")]
[CollectionAgeLimit(Minutes = Occasional.IdleMinutes)]
public sealed class ContactListGrain(
    [PersistentState("roster")] IPersistentState<ContactListState> list,
    IOptions<ContactOptions> options) : Grain, IContactListGrain
{
    private Guid Me => this.GetPrimaryKey();

    private Task _writing = Task.CompletedTask;

    private Dictionary<Guid, ContactListEntry> Entries => list.State.Entries;

    public async Task<ContactError> Act(Guid other, ContactAction action)
    {
        if (other == Me)
        {
            return ContactError.Self;
        }
        if (await GrainFactory.GetGrain<IUserGrain>(other).GetProfile() is null)
        {
            return ContactError.UnknownUser;
        }
        if (Bound(other, action) is { } full)
        {
            return full;
        }
        var outcome = await GrainFactory.GetGrain<IContactPairGrain>(ContactPairKey.Of(Me, other)).Act(Me, action);
        if (outcome.Error == ContactError.None && await Apply(other, outcome.Mine, outcome.Theirs, outcome.Version) is { } before)
        {
            await Announce(other, before, new ContactListEntry(outcome.Mine, outcome.Theirs, outcome.Version));
        }
        return outcome.Error;
    }

    /// <summary>Only what would add someone new to my list is bounded: answering, blocking someone already on it, or deleting always work.</summary>
    private ContactError? Bound(Guid other, ContactAction action)
    {
        if (action is not (ContactAction.Request or ContactAction.Block) || Entries.GetValueOrDefault(other, ContactListEntry.Nothing).Visible)
        {
            return null;
        }
        if (VisibleCount >= options.Value.MaxPeople)
        {
            return ContactError.ListFull;
        }
        return action == ContactAction.Request && Entries.Values.Count(e => e.Mine == ContactStatus.Requested) >= options.Value.MaxUnansweredRequests
            ? ContactError.TooManyRequests
            : null;
    }

    private int VisibleCount => Entries.Values.Count(e => e.Visible);

    public async Task Record(Guid other, ContactStatus mine, ContactStatus theirs, int version)
    {
        if (await Apply(other, mine, theirs, version) is { } before)
        {
            await this.AsReference<IContactListGrain>().Announce(other, before.Mine, before.Theirs, mine, theirs);
        }
    }

    public Task Announce(Guid other, ContactStatus mineBefore, ContactStatus theirsBefore, ContactStatus mine, ContactStatus theirs) =>
        Announce(other, new ContactListEntry(mineBefore, theirsBefore, 0), new ContactListEntry(mine, theirs, 0));

    /// <summary>Stores a newer version of the entry and returns the one it replaced; null when the version is stale or a full list takes no one new.</summary>
    private async Task<ContactListEntry?> Apply(Guid other, ContactStatus mine, ContactStatus theirs, int version)
    {
        var before = Entries.GetValueOrDefault(other, ContactListEntry.Nothing);
        if (version <= before.Version)
        {
            return null;
        }
        var after = new ContactListEntry(mine, theirs, version);
        if (after.Visible && !before.Visible && VisibleCount >= options.Value.MaxPeople)
        {
            // A full list takes no one new: their request stays unanswered, as any request may.
            return null;
        }
        Entries[other] = after;
        await Persist();
        return before;
    }

    /// <summary>
    /// Writes the state after any write still under way: the pair's <see cref="Record"/> interleaves
    /// with my own actions, and two writes at once would conflict on the stored ETag.
    /// </summary>
    private Task Persist() => _writing = WriteAfter(_writing);

    private async Task WriteAfter(Task previous)
    {
        // The previous write's caller hears of its failure; this write goes ahead either way.
        await Task.WhenAny(previous);
        await list.WriteStateAsync();
    }

    private async Task Announce(Guid other, ContactListEntry before, ContactListEntry after)
    {
        if (before.Mine == after.Mine)
        {
            // The other side acted: what I may see of them is theirs to tell (their contact list does).
            return;
        }
        await Tell(Me, after.Visible ? new ContactChanged(await ContactOf(other, after)) : new ContactRemoved(other));
        if (before.Mutual != after.Mutual)
        {
            await ShowMyPresence(other, after.Mutual, theyJustSawMe: before.Theirs != after.Theirs);
        }
        if (after.Mine == ContactStatus.Blocked)
        {
            await BlockInMyCall(other);
        }
    }

    /// <summary>
    /// When we become mutual, or stop being so, the other side learns my presence as any presence
    /// change: a block or delete reads exactly like me going offline, and nothing is said then if I
    /// am offline, since they already see me so. On becoming mutual through a change of their side
    /// too (an accepted request), I say it even when offline: the snapshot their contact list just gave
    /// them may say "online" from before I left, while my leaving was announced to contacts this
    /// contact list did not hold yet. When only my side changed (an unblock, a re-add), their contact list gave
    /// them nothing, and since we stopped being mutual they have seen me offline: saying "offline"
    /// then would be heard from no offline contact who did nothing. This grain tells it, not theirs,
    /// because my presence grain consults this contact list for who hears me, so both agree on when it changed.
    /// The time is my presence grain's, given in the turn that read my presence (<see cref="IPresenceGrain.ReadPresence"/>):
    /// a time taken here after the reply fell after my leaving when I left meanwhile, and the "online"
    /// read before it then outlived my leaving on their page.
    /// </summary>
    private async Task ShowMyPresence(Guid other, bool mutual, bool theyJustSawMe)
    {
        var mine = await GrainFactory.GetGrain<IPresenceGrain>(Me).ReadPresence();
        if (mine.Presence.Presence != Presence.Offline || (mutual && theyJustSawMe))
        {
            await Tell(other, new PresenceChanged(Me, mutual ? mine.Presence.Presence : Presence.Offline, mine.AsOf));
        }
    }

    /// <summary>Someone I just blocked must not stay in, or come into, a call I am in (see <see cref="ICallRoomGrain.Block"/>).</summary>
    private async Task BlockInMyCall(Guid other)
    {
        if (await GrainFactory.GetGrain<IPresenceGrain>(Me).GetCall() is { } call)
        {
            await GrainFactory.GetGrain<ICallRoomGrain>(call).Block(Me, other);
        }
    }

    private Task Tell(Guid user, ClientEvent clientEvent) => GrainFactory.GetGrain<IPresenceGrain>(user).Deliver(clientEvent);

    public async Task<IReadOnlyList<Contact>> GetContacts() =>
        await Task.WhenAll(Entries.Where(e => e.Value.Visible).Select(e => ContactOf(e.Key, e.Value)));

    public Task<int> GetPendingCount() => Task.FromResult(Entries.Values.Count(e => e.Mine == ContactStatus.Pending));

    public Task<IReadOnlyList<Guid>> GetMutualContacts() =>
        Task.FromResult<IReadOnlyList<Guid>>([.. Entries.Where(e => e.Value.Mutual).Select(e => e.Key)]);

    public Task<IReadOnlyList<Guid>> GetAcceptedByMe() =>
        Task.FromResult<IReadOnlyList<Guid>>([.. Entries.Where(e => e.Value.Mine == ContactStatus.Accepted).Select(e => e.Key)]);

    public Task<bool> Accepts(Guid other) => Task.FromResult(Entries.GetValueOrDefault(other, ContactListEntry.Nothing).Mine == ContactStatus.Accepted);

    public Task<IReadOnlyList<Guid>> GetBlockedEitherWay() =>
        Task.FromResult<IReadOnlyList<Guid>>([.. Entries.Where(e => e.Value.Mine == ContactStatus.Blocked || e.Value.Theirs == ContactStatus.Blocked).Select(e => e.Key)]);

    public async Task<SearchResults> Search(string query, int page)
    {
        var prefix = SearchText.Normalize(query);
        if (prefix.Length == 0 || query.Length > SearchResults.MaxQueryLength || page < 0)
        {
            return SearchResults.Empty;
        }
        var shard = GrainFactory.GetGrain<IDirectoryShardGrain>(SearchText.ShardOf(prefix));
        // One more than a page tells whether another page exists.
        var ids = await shard.Find(prefix, Me, page * SearchResults.PageSize, SearchResults.PageSize + 1);
        var results = await Task.WhenAll(ids.Take(SearchResults.PageSize).Select(async id => new SearchResult(
            (await GrainFactory.GetGrain<IUserGrain>(id).GetProfile())!,
            Entries.GetValueOrDefault(id, ContactListEntry.Nothing).Mine)));
        return new SearchResults(results, ids.Count > SearchResults.PageSize);
    }

    /// <summary>
    /// Offline is offline as of now, with no time of leaving: a contact who left, one who blocked
    /// me and one who deleted me must look the same, and only a time could tell them apart. "As of
    /// now" also keeps any older event from overriding this snapshot in the client. "Now" is their
    /// presence grain's time of the reading, asked of it whether or not we are mutual, so that this
    /// snapshot orders against every event of their presence: this grain's clock, read after the
    /// reply, could fall after their coming online meanwhile, and "offline" would outlive it.
    /// </summary>
    private async Task<Contact> ContactOf(Guid other, ContactListEntry entry)
    {
        var profile = GrainFactory.GetGrain<IUserGrain>(other).GetProfile();
        var reading = await GrainFactory.GetGrain<IPresenceGrain>(other).ReadPresence();
        var presence = entry.Mutual && reading.Presence.Presence != Presence.Offline
            ? reading.Presence
            : new PresenceState(Presence.Offline, reading.AsOf);
        return new Contact((await profile)!, entry.Mine, presence);
    }
}
