namespace Viv.Roster;

/// <summary>One side of a friendship: its status, and what it was before a block so unblocking restores it.</summary>
[GenerateSerializer, Immutable, Alias("viv.friendship-side")]
public sealed record FriendshipSide(
    [property: Id(0)] Relationship Status,
    [property: Id(1)] Relationship BeforeBlock = Relationship.None)
{
    public static readonly FriendshipSide Nothing = new(Relationship.None);
}
