using Orleans.Concurrency;

namespace Viv.Roster;

/// <summary>
/// Keyed by user id: everyone I have a relationship with, both sides' statuses as the friendship
/// grains last reported them, and what I am allowed to see of each. The entry point for my actions.
/// </summary>
[Alias("viv.IRosterGrain")]
public interface IRosterGrain : IGrainWithGuidKey
{
    [Alias("Act")]
    Task<RelationshipError> Act(Guid other, RelationshipAction action);

    /// <summary>Sent by the pair's friendship grain after a change the other side made; stale versions are ignored.</summary>
    [OneWay, Alias("Update")]
    Task Update(Guid other, Relationship mine, Relationship theirs, int version);

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

    /// <summary>Whether I accepted them as a contact: my own side, which this roster knows as soon as my action returns.</summary>
    [AlwaysInterleave, Alias("Accepts")]
    Task<bool> Accepts(Guid other);

    /// <summary>Everyone I blocked or who blocked me: people I must never end up in a call with.</summary>
    [AlwaysInterleave, Alias("GetBlockedEitherWay")]
    Task<IReadOnlyList<Guid>> GetBlockedEitherWay();

    [Alias("Search")]
    Task<SearchResults> Search(string query, int page);
}
