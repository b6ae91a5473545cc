namespace Viv.Contacts;

/// <summary>One side's view of a pair of users. Each side has its own; neither is announced to the other.</summary>
public enum ContactStatus
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
