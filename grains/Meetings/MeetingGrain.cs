using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Accounts;
using Viv.Calls;
using Viv.Hosting;
using Viv.Realtime;
using Viv.Contacts;

namespace Viv.Meetings;

/// <summary>
/// A scheduled meeting. Its start survives restarts through a durable reminder that wakes the
/// grain every <see cref="MeetingOptions.CheckSeconds"/> while the meeting is upcoming; in the last
/// period before the start a timer fires on the second.
/// </summary>
public sealed class MeetingGrain(
    [PersistentState("meeting")] IPersistentState<MeetingState> meeting,
    IOptions<MeetingOptions> options,
    IOptions<CallOptions> calls,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IMeetingGrain, IRemindable
{
    private const string StartReminder = "start";
    private IGrainTimer? _startTimer;

    private MeetingState State => meeting.State;

    private DateTimeOffset Now => clock.GetUtcNow();

    private TimeSpan CheckPeriod => TimeSpan.FromSeconds(options.Value.CheckSeconds);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        PlanStart();
        return Task.CompletedTask;
    }

    public async Task<MeetingError> Schedule(Guid organizer, MeetingDraft? draft)
    {
        if (State.Scheduled)
        {
            return MeetingError.AlreadyScheduled;
        }
        if (draft is null)
        {
            return MeetingError.TitleRequired;
        }
        var title = draft.Title?.Trim() ?? "";
        var note = draft.Note?.Trim() ?? "";
        var (invitees, uninvitable) = MeetingRules.Invitees(organizer, draft.Invitees, calls.Value.MaxParticipants);
        if ((MeetingRules.CheckText(title, note) ?? MeetingRules.CheckTime(draft.StartsAt, draft.DurationMinutes, Now) ?? uninvitable) is { } invalid)
        {
            return invalid;
        }
        var mine = await ContactList(organizer).GetAcceptedByMe();
        if (invitees.Any(i => !mine.Contains(i)))
        {
            return MeetingError.Unavailable;
        }
        // Whoever blocked or deleted me is still a contact on my side: inviting them works as inviting anyone.
        var mutual = await Task.WhenAll(invitees.Select(i => Mutual(organizer, i)));
        var unseen = invitees.Where((_, i) => !mutual[i]).ToHashSet();
        if (!await GrainFactory.GetGrain<IMeetingCalendarGrain>(organizer).MakeRoom())
        {
            return MeetingError.CalendarFull;
        }
        // Someone else's full calendar is theirs to know: to the organizer it reads like any unavailable invitee.
        if ((await Task.WhenAll(invitees.Except(unseen).Select(i => GrainFactory.GetGrain<IMeetingCalendarGrain>(i).MakeRoom()))).Contains(false))
        {
            return MeetingError.Unavailable;
        }
        (State.Organizer, State.Title, State.Note, State.StartsAt, State.DurationMinutes) = (organizer, title, note, draft.StartsAt, draft.DurationMinutes);
        State.Invitees = invitees.ToDictionary(i => i, _ => MeetingAnswer.Pending);
        State.Unseen = unseen;
        await meeting.WriteStateAsync();
        await Task.WhenAll((await Everyone()).Select(user => GrainFactory.GetGrain<IMeetingCalendarGrain>(user).Add(this.GetPrimaryKey())));
        await Remind();
        await TellEveryone(MeetingChange.Invited);
        return MeetingError.None;
    }

    public async Task<MeetingError> Answer(Guid user, bool accept)
    {
        if (await Refusal(user) is { } refused)
        {
            return refused;
        }
        if (!State.Invitees.ContainsKey(user))
        {
            return MeetingError.NotInvited;
        }
        State.Invitees[user] = accept ? MeetingAnswer.Accepted : MeetingAnswer.Declined;
        await meeting.WriteStateAsync();
        await TellEveryone(MeetingChange.Answered);
        return MeetingError.None;
    }

    public async Task<MeetingError> Reschedule(Guid user, DateTimeOffset startsAt, int durationMinutes)
    {
        if ((await Refusal(user) ?? MeetingRules.OrganizerOnly(State, user) ?? MeetingRules.CheckTime(startsAt, durationMinutes, Now)) is { } refused)
        {
            return refused;
        }
        (State.StartsAt, State.DurationMinutes, State.Announced) = (startsAt, durationMinutes, false);
        State.Sequence++;
        await meeting.WriteStateAsync();
        await Remind();
        await TellEveryone(MeetingChange.Rescheduled);
        return MeetingError.None;
    }

    public async Task<MeetingError> Cancel(Guid user)
    {
        if ((await Refusal(user) ?? MeetingRules.OrganizerOnly(State, user)) is { } refused)
        {
            return refused;
        }
        State.Cancelled = true;
        State.Sequence++;
        await meeting.WriteStateAsync();
        await Forget();
        await TellEveryone(MeetingChange.Cancelled);
        return MeetingError.None;
    }

    public async Task<Meeting?> Get(Guid viewer) =>
        State.Scheduled && await Knows(viewer) ? await View() : null;

    public async Task<(MeetingError Error, CallError CallError, Guid CallId)> Join(CallEnd end)
    {
        var user = end.UserId;
        if ((await Refusal(user) ?? MeetingRules.MayJoin(State, options.Value.EarlyJoinMinutes, Now)) is { } refused)
        {
            return (refused, CallError.None, Guid.Empty);
        }
        var callId = State.CallId ?? Guid.NewGuid();
        var entered = await GrainFactory.GetGrain<ICallRoomGrain>(callId).Enter(end, CallKind.Video);
        if (entered == CallError.CallEnded)
        {
            // Everyone had left the meeting's previous call: open a new one.
            callId = Guid.NewGuid();
            entered = await GrainFactory.GetGrain<ICallRoomGrain>(callId).Enter(end, CallKind.Video);
        }
        if (entered != CallError.None)
        {
            // A refused join changes nothing: it must not say yes for them, nor reveal who refused it.
            return (MeetingError.None, entered, Guid.Empty);
        }
        if (State.Invitees.ContainsKey(user))
        {
            // Joining is the plainest way to say yes.
            State.Invitees[user] = MeetingAnswer.Accepted;
        }
        State.CallId = callId;
        State.Joined.Add(user);
        await meeting.WriteStateAsync();
        return (MeetingError.None, CallError.None, callId);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Tick();

    private async Task<MeetingError?> Refusal(Guid user) => MeetingRules.Refusal(State, State.Scheduled && await Knows(user), Now);

    /// <summary>The organizer and every invitee who may know of the meeting now.</summary>
    private Task<IReadOnlyList<Guid>> Everyone() => WhoKnows(State.Invitees.Keys.Prepend(State.Organizer));

    private async Task<IReadOnlyList<Guid>> WhoKnows(IEnumerable<Guid> users)
    {
        var candidates = users.ToList();
        var knows = await Task.WhenAll(candidates.Select(Knows));
        return [.. candidates.Where((_, i) => knows[i])];
    }

    /// <summary>
    /// The organizer always; an invitee seen from the start only while they and the organizer still
    /// have each other as contacts. Whoever blocks or deletes the other after it was scheduled is, from
    /// then on, as one unseen from the start: never told anything more, and to them the meeting does
    /// not exist; to the organizer they stay listed with their last answer.
    /// </summary>
    private async Task<bool> Knows(Guid user) => State.Includes(user) && (user == State.Organizer || await Mutual(State.Organizer, user));

    /// <summary>Each side is asked of its own roster, which knows its own changes as soon as they are made.</summary>
    private async Task<bool> Mutual(Guid organizer, Guid invitee) =>
        await ContactList(organizer).Accepts(invitee) && await ContactList(invitee).Accepts(organizer);

    private IContactListGrain ContactList(Guid user) => GrainFactory.GetGrain<IContactListGrain>(user);

    private async Task<Meeting> View()
    {
        var organizer = await Profile(State.Organizer);
        var attendees = await Task.WhenAll(State.Invitees.Select(async i => new MeetingAttendee(await Profile(i.Key), i.Value, State.Joined.Contains(i.Key))));
        return new Meeting(this.GetPrimaryKey(), State.Title, State.Note, State.StartsAt, State.DurationMinutes, organizer, attendees, State.Sequence, State.Cancelled,
            MeetingRules.JoinOpensAt(State.StartsAt, options.Value.EarlyJoinMinutes));
    }

    private async Task<UserProfile> Profile(Guid user) => (await GrainFactory.GetGrain<IUserGrain>(user).GetProfile())!;

    private async Task TellEveryone(MeetingChange change)
    {
        var changed = new MeetingChanged(await View(), change);
        await Task.WhenAll((await Everyone()).Select(user => GrainFactory.GetGrain<IPresenceGrain>(user).Deliver(changed)));
    }

    private async Task Remind()
    {
        await this.RegisterOrUpdateReminder(StartReminder, CheckPeriod, CheckPeriod);
        PlanStart();
    }

    private async Task Forget()
    {
        StopTimer();
        if (await this.GetReminder(StartReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task Tick()
    {
        if (!State.Scheduled || State.Cancelled || State.Announced)
        {
            await Forget();
            return;
        }
        if (Now >= State.StartsAt)
        {
            await Announce();
        }
        else
        {
            // A timer can fire a moment early; without a new one the start would wait for the next reminder.
            StopTimer();
            PlanStart();
        }
    }

    /// <summary>Within the last check period before the start, a timer fires on time (the reminder alone could be a period late).</summary>
    private void PlanStart()
    {
        var remaining = State.StartsAt - Now;
        if (!State.Scheduled || State.Cancelled || State.Announced || remaining > CheckPeriod || _startTimer is not null)
        {
            return;
        }
        _startTimer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private void StopTimer()
    {
        _startTimer?.Dispose();
        _startTimer = null;
    }

    private async Task Announce()
    {
        StopTimer();
        State.Announced = true;
        await meeting.WriteStateAsync();
        var starting = new MeetingStarting(this.GetPrimaryKey(), State.Title);
        var accepted = await WhoKnows(MeetingRules.ToldAtStart(State));
        await Task.WhenAll(accepted.Select(user => GrainFactory.GetGrain<IPresenceGrain>(user).Deliver(starting)));
        await Forget();
    }
}
