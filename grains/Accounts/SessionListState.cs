namespace Viv.Accounts;

[GenerateSerializer, Alias("viv.session-list-state")]
public sealed class SessionListState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<ListedSession> Sessions { get; set; } = [];
}

/// <summary>A session of the account and its expiry as last seen; it may have been extended since.</summary>
[GenerateSerializer, Immutable, Alias("viv.listed-session")]
public sealed record ListedSession([property: Id(0)] Guid Id, [property: Id(1)] DateTimeOffset ExpiresAt);
