namespace Viv.Roster;

/// <summary>
/// The per-side state machine (design.md, "Per-side relationships"). Each action changes the
/// actor's side; the other side changes only where the actor's wish meets theirs (a request they
/// answer, an accept of their request). Blocks, deletes and declines never touch the other side.
/// </summary>
public static class RelationshipRules
{
    public static (FriendshipSide Mine, FriendshipSide Theirs, RelationshipError Error) Apply(
        FriendshipSide mine, FriendshipSide theirs, RelationshipAction action) => action switch
    {
        RelationshipAction.Request => Request(mine, theirs),
        RelationshipAction.Accept when mine.Status == Relationship.Pending => Accept(mine, theirs),
        RelationshipAction.Decline when mine.Status == Relationship.Pending => (mine with { Status = Relationship.None }, theirs, RelationshipError.None),
        RelationshipAction.Accept or RelationshipAction.Decline => (mine, theirs, RelationshipError.NotPending),
        RelationshipAction.Block when mine.Status == Relationship.Blocked => (mine, theirs, RelationshipError.None),
        // A request I was still to answer is not worth restoring after an unblock.
        RelationshipAction.Block => (new FriendshipSide(Relationship.Blocked, mine.Status == Relationship.Pending ? Relationship.None : mine.Status), theirs, RelationshipError.None),
        RelationshipAction.Unblock when mine.Status == Relationship.Blocked => Unblock(mine, theirs),
        RelationshipAction.Unblock => (mine, theirs, RelationshipError.NotBlocked),
        RelationshipAction.Delete when mine.Status is Relationship.None or Relationship.Deleted => (mine, theirs, RelationshipError.NoRelationship),
        RelationshipAction.Delete => (new FriendshipSide(Relationship.Deleted), theirs, RelationshipError.None),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static (FriendshipSide, FriendshipSide, RelationshipError) Request(FriendshipSide mine, FriendshipSide theirs) => mine.Status switch
    {
        Relationship.Accepted => (mine, theirs, RelationshipError.AlreadyContacts),
        Relationship.Blocked => (mine, theirs, RelationshipError.UnblockFirst),
        Relationship.Requested => (mine, theirs, RelationshipError.None),
        // They asked first: asking back is saying yes, which is how crossing requests resolve.
        Relationship.Pending => Accept(mine, theirs),
        _ => theirs.Status switch
        {
            // They already want me: re-adding someone who never let go restores the friendship.
            Relationship.Requested or Relationship.Accepted => Accept(mine, theirs),
            // They blocked or deleted me: my request goes nowhere, and looks to me like any sent request.
            Relationship.Blocked or Relationship.Deleted or Relationship.Pending => (new FriendshipSide(Relationship.Requested), theirs, RelationshipError.None),
            _ => (new FriendshipSide(Relationship.Requested), new FriendshipSide(Relationship.Pending), RelationshipError.None),
        },
    };

    /// <summary>Back to where I was; if they asked for me meanwhile and I wanted them too, we are contacts.</summary>
    private static (FriendshipSide, FriendshipSide, RelationshipError) Unblock(FriendshipSide mine, FriendshipSide theirs) =>
        mine.BeforeBlock is Relationship.Accepted or Relationship.Requested && theirs.Status == Relationship.Requested
            ? Accept(mine, theirs)
            : (new FriendshipSide(mine.BeforeBlock), theirs, RelationshipError.None);

    private static (FriendshipSide, FriendshipSide, RelationshipError) Accept(FriendshipSide mine, FriendshipSide theirs) =>
        (new FriendshipSide(Relationship.Accepted),
         theirs.Status == Relationship.Requested ? new FriendshipSide(Relationship.Accepted) : theirs,
         RelationshipError.None);
}
