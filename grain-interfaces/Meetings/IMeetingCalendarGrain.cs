namespace Viv.Meetings;

/// <summary>Keyed by user id: the meetings I organize or am invited to.</summary>
[Alias("viv.IMeetingCalendarGrain")]
public interface IMeetingCalendarGrain : IGrainWithGuidKey
{
    [Alias("Add")]
    Task Add(Guid meetingId);

    [Alias("GetMeetings")]
    Task<IReadOnlyList<Meeting>> GetMeetings();
}
