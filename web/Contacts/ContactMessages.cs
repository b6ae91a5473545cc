using Viv.Contacts;

namespace Viv.Web.Contacts;

/// <summary>The words for a refused contact action. None of them reveals the other side's status.</summary>
public static class ContactMessages
{
    public static string? Describe(ContactError error) => error switch
    {
        ContactError.None => null,
        ContactError.Self => "That is you.",
        ContactError.UnknownUser => "There is no such user.",
        ContactError.AlreadyContacts => "You are already contacts.",
        ContactError.UnblockFirst => "Unblock them first.",
        ContactError.NotPending => "There is no request to answer.",
        ContactError.NotBlocked => "They are not blocked.",
        ContactError.NoRelationship => "They are not on your contacts.",
        ContactError.ListFull => "Your contact list is full. Delete or unblock someone first.",
        ContactError.TooManyRequests => "Too many of your requests are still unanswered. Wait for answers, or withdraw some by deleting them.",
        _ => "That did not work. Try again.",
    };
}

/// <summary>What the hub answers to a contact action: ok, or the reason in words.</summary>
public sealed record ContactReply(bool Ok, string? Error)
{
    public static ContactReply From(ContactError error) => new(error == ContactError.None, ContactMessages.Describe(error));
}
