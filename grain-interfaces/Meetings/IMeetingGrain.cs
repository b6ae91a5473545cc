using Viv.Calls;

namespace Viv.Meetings;

/// <summary>
/// Keyed by meeting id: the meeting, its invitees' answers, the durable reminder that tells
/// everyone who accepted when it starts, and the call it opens.
/// </summary>
[Alias("viv.IMeetingGrain")]
public interface IMeetingGrain : IGrainWithGuidKey
{
    [Alias("Schedule")]
    Task<MeetingError> Schedule(Guid organizer, MeetingDraft draft);

    [Alias("Answer")]
    Task<MeetingError> Answer(Guid user, bool accept);

    [Alias("Reschedule")]
    Task<MeetingError> Reschedule(Guid user, DateTimeOffset startsAt, int durationMinutes);

    [Alias("Cancel")]
    Task<MeetingError> Cancel(Guid user);

    /// <summary>The meeting, for its organizer and invitees only; null for anyone else.</summary>
    [Alias("Get")]
    Task<Meeting?> Get(Guid viewer);

    /// <summary>Joins the meeting's call (opened by the first to join); answers the call id.</summary>
    [Alias("Join")]
    Task<(MeetingError Error, CallError CallError, Guid CallId)> Join(CallEnd end);
}
