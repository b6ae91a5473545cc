namespace Viv.Contacts;

/// <summary>
/// The per-side state machine (architecture.md, "Contacts"). Each action changes the
/// actor's side; the other side changes only where the actor's wish meets theirs (a request they
/// answer, an accept of their request). Blocks, deletes and declines never touch the other side.
/// </summary>
public static class ContactRules
{
    public static (ContactSide Mine, ContactSide Theirs, ContactError Error) Apply(
        ContactSide mine, ContactSide theirs, ContactAction action) => action switch
    {
        ContactAction.Request => Request(mine, theirs),
        ContactAction.Accept when mine.Status == ContactStatus.Pending => Accept(mine, theirs),
        ContactAction.Decline when mine.Status == ContactStatus.Pending => (mine with { Status = ContactStatus.None }, theirs, ContactError.None),
        ContactAction.Accept or ContactAction.Decline => (mine, theirs, ContactError.NotPending),
        ContactAction.Block when mine.Status == ContactStatus.Blocked => (mine, theirs, ContactError.None),
        // A request I was still to answer is not worth restoring after an unblock.
        ContactAction.Block => (new ContactSide(ContactStatus.Blocked, mine.Status == ContactStatus.Pending ? ContactStatus.None : mine.Status), theirs, ContactError.None),
        ContactAction.Unblock when mine.Status == ContactStatus.Blocked => Unblock(mine, theirs),
        ContactAction.Unblock => (mine, theirs, ContactError.NotBlocked),
        ContactAction.Delete when mine.Status is ContactStatus.None or ContactStatus.Deleted => (mine, theirs, ContactError.NoRelationship),
        ContactAction.Delete => (new ContactSide(ContactStatus.Deleted), theirs, ContactError.None),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static (ContactSide, ContactSide, ContactError) Request(ContactSide mine, ContactSide theirs) => mine.Status switch
    {
        ContactStatus.Accepted => (mine, theirs, ContactError.AlreadyContacts),
        ContactStatus.Blocked => (mine, theirs, ContactError.UnblockFirst),
        ContactStatus.Requested => (mine, theirs, ContactError.None),
        // They asked first: asking back is saying yes, which is how crossing requests resolve.
        ContactStatus.Pending => Accept(mine, theirs),
        _ => theirs.Status switch
        {
            // They already want me: re-adding someone who never let go makes us contacts again.
            ContactStatus.Requested or ContactStatus.Accepted => Accept(mine, theirs),
            // They blocked or deleted me: my request goes nowhere, and looks to me like any sent request.
            ContactStatus.Blocked or ContactStatus.Deleted or ContactStatus.Pending => (new ContactSide(ContactStatus.Requested), theirs, ContactError.None),
            _ => (new ContactSide(ContactStatus.Requested), new ContactSide(ContactStatus.Pending), ContactError.None),
        },
    };

    /// <summary>Back to where I was; if they asked for me meanwhile and I wanted them too, we are contacts.</summary>
    private static (ContactSide, ContactSide, ContactError) Unblock(ContactSide mine, ContactSide theirs) =>
        mine.BeforeBlock is ContactStatus.Accepted or ContactStatus.Requested && theirs.Status == ContactStatus.Requested
            ? Accept(mine, theirs)
            : (new ContactSide(mine.BeforeBlock), theirs, ContactError.None);

    private static (ContactSide, ContactSide, ContactError) Accept(ContactSide mine, ContactSide theirs) =>
        (new ContactSide(ContactStatus.Accepted),
         theirs.Status == ContactStatus.Requested ? new ContactSide(ContactStatus.Accepted) : theirs,
         ContactError.None);
}
