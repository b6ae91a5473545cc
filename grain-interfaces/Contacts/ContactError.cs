namespace Viv.Contacts;

/// <summary>Why an action was refused. Nothing about the other side's status ever shows here.</summary>
public enum ContactError
{
    None,
    Self,
    UnknownUser,
    AlreadyContacts,
    UnblockFirst,
    NotPending,
    NotBlocked,
    /// <summary>Nothing to delete. It keeps its name because that is the API's code <c>no_relationship</c>, which clients branch on.</summary>
    NoRelationship,
    /// <summary>My list is as long as the server allows.</summary>
    ListFull,
    /// <summary>As many of my requests as the server allows are still unanswered.</summary>
    TooManyRequests,
}
