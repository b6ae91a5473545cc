namespace Viv.Meetings;

public sealed class MeetingCalendarGrain(
    [PersistentState("meetings")] IPersistentState<MeetingCalendarState> calendar) : Grain, IMeetingCalendarGrain
{
    public async Task Add(Guid meetingId)
    {
        if (calendar.State.Meetings.Add(meetingId))
        {
            await calendar.WriteStateAsync();
        }
    }

    public async Task<IReadOnlyList<Meeting>> GetMeetings()
    {
        var me = this.GetPrimaryKey();
        var meetings = await Task.WhenAll(calendar.State.Meetings.Select(id => GrainFactory.GetGrain<IMeetingGrain>(id).Get(me)));
        return [.. meetings.OfType<Meeting>().OrderBy(m => m.StartsAt)];
    }
}
