namespace Viv.Meetings;

/// <summary>Why a meeting action was refused. "Unavailable" is the one answer for not a contact, blocked either way, or unknown.</summary>
public enum MeetingError
{
    None,
    TitleRequired,
    TitleTooLong,
    NoteTooLong,
    StartsInThePast,
    EndsBeforeItStarts,
    TooLong,
    NoInvitees,
    TooManyInvitees,
    Unavailable,
    NotFound,
    NotInvited,
    NotOrganizer,
    Cancelled,
    Over,
    NotYet,
    AlreadyScheduled,
    /// <summary>The organizer's calendar is as full as the server allows, with meetings still to come.</summary>
    CalendarFull,
}

public enum MeetingAnswer
{
    Pending,
    Accepted,
    Declined,
}
