namespace Viv.Meetings;

/// <summary>Keyed by user id: the meetings I organize or am invited to.</summary>
[Alias("viv.IMeetingCalendarGrain")]
public interface IMeetingCalendarGrain : IGrainWithGuidKey
{
    [Alias("Add")]
    Task Add(Guid meetingId);

    /// <summary>
    /// True when the calendar can take one more meeting. When full it first
    /// forgets meetings that are over or cancelled, the longest ago first, to make room.
    /// </summary>
    [Alias("MakeRoom")]
    Task<bool> MakeRoom();

    [Alias("GetMeetings")]
    Task<IReadOnlyList<Meeting>> GetMeetings();
}
