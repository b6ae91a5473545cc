using Orleans.Concurrency;

namespace Viv.Contacts;

/// <summary>
/// Keyed by user id: everyone I am in a pair with, both sides' statuses as the pair grains last
/// reported them, and what I am allowed to see of each. The entry point for my actions.
/// </summary>
[Alias("viv.IRosterGrain")]
public interface IContactListGrain : IGrainWithGuidKey
{
    [Alias("Act")]
    Task<ContactError> Act(Guid other, ContactAction action);

    /// <summary>
    /// Called by the pair's grain after a change the other side made, and awaited, so the
    /// other side's action is acknowledged only once both contact lists hold it; stale versions are ignored.
    /// Interleaves, because this contact list may itself be waiting on that pair grain (crossing
    /// requests); it only writes, and tells people through <see cref="Announce"/> afterwards.
    /// </summary>
    [AlwaysInterleave, Alias("Record")]
    Task Record(Guid other, ContactStatus mine, ContactStatus theirs, int version);

    /// <summary>What a recorded change means for the people concerned (contact list events, presence, a call I am in), sent by this contact list to itself.</summary>
    [OneWay, Alias("Announce")]
    Task Announce(Guid other, ContactStatus mineBefore, ContactStatus theirsBefore, ContactStatus mine, ContactStatus theirs);

    [AlwaysInterleave, Alias("GetContacts")]
    Task<IReadOnlyList<Contact>> GetContacts();

    [AlwaysInterleave, Alias("GetPendingCount")]
    Task<int> GetPendingCount();

    /// <summary>Contacts accepted on both sides: the only people who see my presence.</summary>
    [AlwaysInterleave, Alias("GetMutualContacts")]
    Task<IReadOnlyList<Guid>> GetMutualContacts();

    /// <summary>Everyone I accepted as a contact, whether or not they still accept me: what my contact list shows as contacts.</summary>
    [AlwaysInterleave, Alias("GetAcceptedByMe")]
    Task<IReadOnlyList<Guid>> GetAcceptedByMe();

    /// <summary>Whether I accepted them as a contact: my own side, which this contact list knows as soon as my action returns.</summary>
    [AlwaysInterleave, Alias("Accepts")]
    Task<bool> Accepts(Guid other);

    /// <summary>Everyone I blocked or who blocked me: people I must never end up in a call with.</summary>
    [AlwaysInterleave, Alias("GetBlockedEitherWay")]
    Task<IReadOnlyList<Guid>> GetBlockedEitherWay();

    [Alias("Search")]
    Task<SearchResults> Search(string query, int page);
}
