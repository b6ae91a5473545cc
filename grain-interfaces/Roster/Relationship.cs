namespace Viv.Roster;

/// <summary>One side's view of a pair of users. Each side has its own; neither is announced to the other.</summary>
public enum Relationship
{
    None,
    /// <summary>I asked them.</summary>
    Requested,
    /// <summary>They asked me; I have not answered.</summary>
    Pending,
    Accepted,
    Blocked,
    Deleted,
}

public enum RelationshipAction
{
    Request,
    Accept,
    Decline,
    Block,
    Unblock,
    Delete,
}

/// <summary>Why an action was refused. Nothing about the other side's status ever shows here.</summary>
public enum RelationshipError
{
    None,
    Self,
    UnknownUser,
    AlreadyContacts,
    UnblockFirst,
    NotPending,
    NotBlocked,
    NoRelationship,
    /// <summary>My list is as long as the server allows.</summary>
    ListFull,
    /// <summary>As many of my requests as the server allows are still unanswered.</summary>
    TooManyRequests,
}
