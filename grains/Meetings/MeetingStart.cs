namespace Viv.Meetings;

/// <summary>
/// A meeting's start: its grain woken on time, restarts or not, and everyone who accepted told once. A
/// durable reminder wakes the grain every check period while the start awaits (<see cref="MeetingRules.AwaitsStart"/>),
/// and within the last period a timer fires on the second, since the reminder alone could be a period late.
/// </summary>
/// <param name="grain">The meeting's grain: the reminder and the timer are its own; the timer runs in its turns and keeps it active.</param>
internal sealed class MeetingStart(
    IGrainBase grain,
    IPersistentState<MeetingState> meeting,
    MeetingAudience audience,
    TimeProvider clock,
    TimeSpan checkPeriod)
{
    private const string Reminder = "start";
    private IGrainTimer? _timer;

    /// <summary>The meeting was scheduled or moved: the reminder runs, and the timer too if the start is near.</summary>
    public async Task Remind()
    {
        await grain.RegisterOrUpdateReminder(Reminder, checkPeriod, checkPeriod);
        Plan();
    }

    /// <summary>Nothing more to wake for: neither reminder nor timer.</summary>
    public async Task Forget()
    {
        StopTimer();
        if (await grain.GetReminder(Reminder) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    /// <summary>The reminder or the timer woke the meeting: it starts, waits on, or needs no more waking.</summary>
    public async Task Wake()
    {
        if (!MeetingRules.AwaitsStart(meeting.State))
        {
            await Forget();
        }
        else if (clock.GetUtcNow() >= meeting.State.StartsAt)
        {
            await Announce();
        }
        else
        {
            // A timer can fire a moment early; without a new one the start would wait for the next reminder.
            StopTimer();
            Plan();
        }
    }

    /// <summary>Sets the timer for the start when it is due within the check period and none is set yet (on every activation too).</summary>
    public void Plan()
    {
        if (_timer is null && MeetingRules.StartTimer(meeting.State, checkPeriod, clock.GetUtcNow()) is { } due)
        {
            _timer = grain.RegisterGrainTimer(Wake, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    private async Task Announce()
    {
        StopTimer();
        meeting.State.Announced = true;
        await meeting.WriteStateAsync();
        await audience.TellStarting();
        await Forget();
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
