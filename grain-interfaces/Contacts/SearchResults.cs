using Viv.Accounts;

namespace Viv.Contacts;

[GenerateSerializer, Immutable, Alias("viv.search-results")]
public sealed record SearchResults(
    [property: Id(0)] IReadOnlyList<SearchResult> Results,
    [property: Id(1)] bool HasMore)
{
    public const int PageSize = 20;
    public const int MaxQueryLength = 100;

    public static readonly SearchResults Empty = new([], false);
}

/// <summary>A user found by search, with my side of our pair (never theirs).</summary>
[GenerateSerializer, Immutable, Alias("viv.search-result")]
public sealed record SearchResult(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] ContactStatus Relationship);
