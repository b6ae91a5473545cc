namespace Viv.Calls;

public enum CallKind
{
    Video,
    Voice,
}

/// <summary>How a call ended, from one participant's point of view.</summary>
public enum CallOutcome
{
    Completed,
    Missed,
    Rejected,
    Busy,
    Cancelled,
}

/// <summary>Why a call action was refused. "Unavailable" is the one answer for offline, blocked, deleted or not a contact.</summary>
public enum CallError
{
    None,
    Unavailable,
    Busy,
    CallingYourself,
    AlreadyInCall,
    CallEnded,
    AlreadyAnswered,
    NotInCall,
    InvalidSignal,
    CallFull,
    AlreadyParticipant,
    NotAParticipant,
    /// <summary>The call's media goes between the tabs, not through a media server.</summary>
    NotForwarded,
    /// <summary>The media server is unreachable.</summary>
    MediaServerUnavailable,
    /// <summary>An identity key or a media key message that is not of the encrypted-call key protocol's shape.</summary>
    InvalidKey,
    /// <summary>A media key message between identity keys other than those the two participants announced last.</summary>
    UnannouncedKey,
}
