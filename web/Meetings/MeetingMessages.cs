using Viv.Meetings;

namespace Viv.Web.Meetings;

/// <summary>The words for a refused meeting action. "Unavailable" never says why.</summary>
public static class MeetingMessages
{
    public static string? Describe(MeetingError error) => error switch
    {
        MeetingError.None => null,
        MeetingError.TitleRequired => "Give the meeting a title.",
        MeetingError.TitleTooLong => $"The title can be at most {MeetingDraft.MaxTitleLength} characters.",
        MeetingError.NoteTooLong => $"The note can be at most {MeetingDraft.MaxNoteLength:N0} characters.",
        MeetingError.StartsInThePast => "Choose a start time in the future.",
        MeetingError.EndsBeforeItStarts => "The meeting must end after it starts.",
        MeetingError.TooLong => "A meeting can last at most 24 hours.",
        MeetingError.NoInvitees => "Invite at least one contact.",
        MeetingError.TooManyInvitees => "That is more people than a call can hold.",
        MeetingError.Unavailable => "Unavailable",
        MeetingError.NotFound => "There is no such meeting.",
        MeetingError.NotInvited => "You were not invited to this meeting.",
        MeetingError.NotOrganizer => "Only the organizer can change this meeting.",
        MeetingError.Cancelled => "This meeting was cancelled.",
        MeetingError.Over => "This meeting is over.",
        MeetingError.NotYet => "This meeting has not started yet.",
        MeetingError.AlreadyScheduled => "This meeting is already scheduled.",
        MeetingError.CalendarFull => "Your calendar is full of meetings still to come. Cancel some first.",
        _ => "That did not work. Try again.",
    };
}

/// <summary>What the hub answers to a meeting action: the meeting id, or the reason in words.</summary>
public sealed record MeetingReply(bool Ok, Guid? MeetingId, string? Error)
{
    public static MeetingReply From(MeetingError error, Guid meetingId) =>
        new(error == MeetingError.None, error == MeetingError.None ? meetingId : null, MeetingMessages.Describe(error));
}
