namespace Viv.Roster;

/// <summary>
/// Keyed by the ordered pair of user ids (<see cref="FriendshipKey"/>): the relationship, one status
/// per side. The single place where the two sides change together, so crossing requests resolve.
/// </summary>
[Alias("viv.IFriendshipGrain")]
public interface IFriendshipGrain : IGrainWithStringKey
{
    [Alias("Act")]
    Task<FriendshipOutcome> Act(Guid actor, RelationshipAction action);
}

/// <summary>The actor's side and the other side after an action; <see cref="Version"/> orders updates.</summary>
[GenerateSerializer, Immutable, Alias("viv.friendship-outcome")]
public sealed record FriendshipOutcome(
    [property: Id(0)] RelationshipError Error,
    [property: Id(1)] Relationship Mine,
    [property: Id(2)] Relationship Theirs,
    [property: Id(3)] int Version);

public static class FriendshipKey
{
    public static string Of(Guid one, Guid other) =>
        one.CompareTo(other) < 0 ? $"{one:N}:{other:N}" : $"{other:N}:{one:N}";
}
