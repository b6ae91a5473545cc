using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Hosting;

namespace Viv.Meetings;

public sealed class MeetingCalendarGrain(
    [PersistentState("meetings")] IPersistentState<MeetingCalendarState> calendar,
    IOptions<MeetingOptions> options,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IMeetingCalendarGrain
{
    private Guid Me => this.GetPrimaryKey();

    public async Task Add(Guid meetingId)
    {
        if (calendar.State.Meetings.Add(meetingId))
        {
            await calendar.WriteStateAsync();
        }
    }

    public async Task<bool> MakeRoom()
    {
        var excess = calendar.State.Meetings.Count - options.Value.MaxCalendarMeetings + 1;
        if (excess <= 0)
        {
            return true;
        }
        var now = clock.GetUtcNow();
        var finished = (await Task.WhenAll(calendar.State.Meetings.Select(async id => (Id: id, Meeting: await Meeting(id).Get(Me)))))
            .Where(m => m.Meeting is null || m.Meeting.Cancelled || m.Meeting.EndsAt <= now)
            .OrderBy(m => m.Meeting?.EndsAt ?? DateTimeOffset.MinValue)
            .Take(excess)
            .ToList();
        if (finished.Count == 0)
        {
            return false;
        }
        calendar.State.Meetings.ExceptWith(finished.Select(m => m.Id));
        await calendar.WriteStateAsync();
        return finished.Count == excess;
    }

    public async Task<IReadOnlyList<Meeting>> GetMeetings()
    {
        var meetings = await Task.WhenAll(calendar.State.Meetings.Select(id => Meeting(id).Get(Me)));
        return [.. meetings.OfType<Meeting>().OrderBy(m => m.StartsAt)];
    }

    private IMeetingGrain Meeting(Guid id) => GrainFactory.GetGrain<IMeetingGrain>(id);
}
