using Viv.Roster;

namespace Viv.Web.Roster;

/// <summary>The words for a refused relationship action. None of them reveals the other side's status.</summary>
public static class RosterMessages
{
    public static string? Describe(RelationshipError error) => error switch
    {
        RelationshipError.None => null,
        RelationshipError.Self => "That is you.",
        RelationshipError.UnknownUser => "There is no such user.",
        RelationshipError.AlreadyContacts => "You are already contacts.",
        RelationshipError.UnblockFirst => "Unblock them first.",
        RelationshipError.NotPending => "There is no request to answer.",
        RelationshipError.NotBlocked => "They are not blocked.",
        RelationshipError.NoRelationship => "They are not on your contacts.",
        RelationshipError.ListFull => "Your contact list is full. Delete or unblock someone first.",
        RelationshipError.TooManyRequests => "Too many of your requests are still unanswered. Wait for answers, or withdraw some by deleting them.",
        _ => "That did not work. Try again.",
    };
}

/// <summary>What the hub answers to a relationship action: ok, or the reason in words.</summary>
public sealed record RelationshipReply(bool Ok, string? Error)
{
    public static RelationshipReply From(RelationshipError error) => new(error == RelationshipError.None, RosterMessages.Describe(error));
}
