using Viv.Calls;

namespace Viv.Web.Calls;

/// <summary>The words for a refused call action. "Unavailable" never says why.</summary>
public static class CallMessages
{
    public static string? Describe(CallError error) => error switch
    {
        CallError.None => null,
        CallError.Unavailable => "Unavailable",
        CallError.Busy => "Busy",
        CallError.CallingYourself => "You cannot call yourself.",
        CallError.AlreadyInCall => "You are already in a call.",
        CallError.CallEnded => "This call has ended.",
        CallError.AlreadyAnswered => "This call was already answered.",
        CallError.NotInCall => "You are not in this call.",
        CallError.InvalidSignal => "That signaling message was refused.",
        CallError.CallFull => "This call is full.",
        CallError.AlreadyParticipant => "They are already in this call.",
        CallError.NotAParticipant => "They are not in this call.",
        CallError.NotForwarded => "This call does not go through a media server.",
        CallError.MediaServerUnavailable => "The media server cannot be reached. Try again.",
        CallError.InvalidKey => "That key was refused.",
        CallError.UnannouncedKey => "That key is not the one announced in this call.",
        _ => "That did not work. Try again.",
    };

    public static string Describe(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Completed => "Completed",
        CallOutcome.Missed => "Missed",
        CallOutcome.Rejected => "Rejected",
        CallOutcome.Busy => "Busy",
        CallOutcome.Cancelled => "Cancelled",
        _ => outcome.ToString(),
    };
}

/// <summary>What the hub answers to a call action: the call id when one starts, or the reason in words.</summary>
public sealed record CallReply(bool Ok, Guid? CallId, string? Error)
{
    public static CallReply From(CallError error, Guid? callId = null) =>
        new(error == CallError.None, error == CallError.None ? callId : null, CallMessages.Describe(error));
}
