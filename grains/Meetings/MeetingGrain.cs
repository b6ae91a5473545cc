using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Calls;
using Viv.Hosting;

namespace Viv.Meetings;

/// <summary>
/// A scheduled meeting and what each action does once <see cref="MeetingRules"/> allow it. Who knows of
/// it is the <see cref="MeetingAudience"/>'s to say; waking it at its start is the <see cref="MeetingStart"/>'s.
/// </summary>
public sealed class MeetingGrain : Grain, IMeetingGrain, IRemindable
{
    private readonly IPersistentState<MeetingState> _meeting;
    private readonly MeetingOptions _options;
    private readonly int _callCapacity;
    private readonly TimeProvider _clock;
    private readonly MeetingAudience _audience;
    private readonly MeetingStart _start;

    public MeetingGrain(
        [PersistentState("meeting")] IPersistentState<MeetingState> meeting,
        IOptions<MeetingOptions> options,
        IOptions<CallOptions> calls,
        [FromKeyedServices(VivSilo.Clock)] TimeProvider clock)
    {
        (_meeting, _options, _callCapacity, _clock) = (meeting, options.Value, calls.Value.MaxParticipants, clock);
        _audience = new MeetingAudience(GrainFactory, this.GetPrimaryKey(), meeting, _options.EarlyJoinMinutes, clock);
        _start = new MeetingStart(this, meeting, _audience, clock, TimeSpan.FromSeconds(_options.CheckSeconds));
    }

    private MeetingState State => _meeting.State;

    private DateTimeOffset Now => _clock.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _start.Plan();
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
        var (invitees, uninvitable) = MeetingRules.Invitees(organizer, draft.Invitees, _callCapacity);
        if ((MeetingRules.CheckText(title, note) ?? MeetingRules.CheckTime(draft.StartsAt, draft.DurationMinutes, Now) ?? uninvitable) is { } invalid)
        {
            return invalid;
        }
        var (unavailable, unseen) = await _audience.Invite(organizer, invitees);
        if (unavailable is { } refused)
        {
            return refused;
        }
        (State.Organizer, State.Title, State.Note, State.StartsAt, State.DurationMinutes) = (organizer, title, note, draft.StartsAt, draft.DurationMinutes);
        State.Invitees = invitees.ToDictionary(i => i, _ => MeetingAnswer.Pending);
        State.Unseen = unseen;
        await _meeting.WriteStateAsync();
        await _audience.AddToCalendars();
        await _start.Remind();
        await _audience.TellEveryone(MeetingChange.Invited);
        return MeetingError.None;
    }

    public async Task<MeetingError> Answer(Guid user, bool accept)
    {
        if ((await Refusal(user) ?? MeetingRules.InviteeOnly(State, user)) is { } refused)
        {
            return refused;
        }
        State.Invitees[user] = accept ? MeetingAnswer.Accepted : MeetingAnswer.Declined;
        await _meeting.WriteStateAsync();
        await _audience.TellEveryone(MeetingChange.Answered);
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
        await _meeting.WriteStateAsync();
        await _start.Remind();
        await _audience.TellEveryone(MeetingChange.Rescheduled);
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
        await _meeting.WriteStateAsync();
        await _start.Forget();
        await _audience.TellEveryone(MeetingChange.Cancelled);
        return MeetingError.None;
    }

    public async Task<Meeting?> Get(Guid viewer) =>
        State.Scheduled && await _audience.Knows(viewer) ? await _audience.View() : null;

    public async Task<(MeetingError Error, CallError CallError, Guid CallId)> Join(CallEnd end)
    {
        var user = end.UserId;
        if ((await Refusal(user) ?? MeetingRules.MayJoin(State, _options.EarlyJoinMinutes, Now)) is { } refused)
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
        await _meeting.WriteStateAsync();
        return (MeetingError.None, CallError.None, callId);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => _start.Wake();

    private async Task<MeetingError?> Refusal(Guid user) => MeetingRules.Refusal(State, State.Scheduled && await _audience.Knows(user), Now);
}
