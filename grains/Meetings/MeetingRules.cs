namespace Viv.Meetings;

/// <summary>
/// What a meeting may be and who may do what with it, as pure functions of its state and the clock.
/// <see cref="MeetingGrain"/> keeps the state, <see cref="MeetingStart"/> the reminder and the timer,
/// and <see cref="MeetingAudience"/> asks the contact lists who still knows of it.
/// </summary>
public static class MeetingRules
{
    /// <summary>A title is required; a title and a note each have a longest length (both already trimmed).</summary>
    public static MeetingError? CheckText(string title, string note) =>
        title.Length == 0 ? MeetingError.TitleRequired
        : title.Length > MeetingDraft.MaxTitleLength ? MeetingError.TitleTooLong
        : note.Length > MeetingDraft.MaxNoteLength ? MeetingError.NoteTooLong
        : null;

    /// <summary>A meeting starts in the future and lasts from one minute to its longest.</summary>
    public static MeetingError? CheckTime(DateTimeOffset startsAt, int durationMinutes, DateTimeOffset now) =>
        startsAt <= now ? MeetingError.StartsInThePast
        : durationMinutes <= 0 ? MeetingError.EndsBeforeItStarts
        : durationMinutes > MeetingDraft.MaxDurationMinutes ? MeetingError.TooLong
        : null;

    /// <summary>
    /// Whom a new meeting invites: each person asked once, never the organizer, and at least one; no
    /// more than its call holds beside the organizer (<paramref name="callCapacity"/> counts everyone).
    /// </summary>
    public static (IReadOnlyList<Guid> Invitees, MeetingError? Error) Invitees(Guid organizer, IEnumerable<Guid>? asked, int callCapacity)
    {
        IReadOnlyList<Guid> invitees = [.. (asked ?? []).Distinct().Where(invitee => invitee != organizer)];
        return (invitees, invitees.Count == 0 ? MeetingError.NoInvitees : invitees.Count > callCapacity - 1 ? MeetingError.TooManyInvitees : null);
    }

    /// <summary>
    /// Why <paramref name="user"/> can do nothing with the meeting, checked first by every action:
    /// not found for whoever does not know of it (nothing revealed), then cancelled, then over.
    /// </summary>
    public static MeetingError? Refusal(MeetingState meeting, bool knows, DateTimeOffset now) =>
        !meeting.Scheduled || !knows ? MeetingError.NotFound
        : meeting.Cancelled ? MeetingError.Cancelled
        : now > meeting.EndsAt ? MeetingError.Over
        : null;

    /// <summary>Only the organizer reschedules or cancels.</summary>
    public static MeetingError? OrganizerOnly(MeetingState meeting, Guid user) => user == meeting.Organizer ? null : MeetingError.NotOrganizer;

    /// <summary>Only an invitee answers.</summary>
    public static MeetingError? InviteeOnly(MeetingState meeting, Guid user) => meeting.Invitees.ContainsKey(user) ? null : MeetingError.NotInvited;

    /// <summary>The meeting's call opens <paramref name="earlyJoinMinutes"/> before the start.</summary>
    public static DateTimeOffset JoinOpensAt(DateTimeOffset startsAt, int earlyJoinMinutes) => startsAt.AddMinutes(-earlyJoinMinutes);

    /// <summary>Whether its call may be joined now, once <see cref="Refusal"/> found nothing.</summary>
    public static MeetingError? MayJoin(MeetingState meeting, int earlyJoinMinutes, DateTimeOffset now) =>
        now < JoinOpensAt(meeting.StartsAt, earlyJoinMinutes) ? MeetingError.NotYet : null;

    /// <summary>Who is told that it starts: the organizer and every invitee who accepted (of those, whoever still knows of it).</summary>
    public static IEnumerable<Guid> ToldAtStart(MeetingState meeting) =>
        meeting.Invitees.Where(invitee => invitee.Value == MeetingAnswer.Accepted).Select(invitee => invitee.Key).Prepend(meeting.Organizer);

    /// <summary>Whether the start is still to be announced: scheduled, not cancelled, not announced yet.</summary>
    public static bool AwaitsStart(MeetingState meeting) => meeting.Scheduled && !meeting.Cancelled && !meeting.Announced;

    /// <summary>
    /// How long until the timer for the start fires, if it is to be set now: only within the last
    /// <paramref name="checkPeriod"/> before the start (the reminder wakes the meeting before that), at once
    /// for a start already past.
    /// </summary>
    public static TimeSpan? StartTimer(MeetingState meeting, TimeSpan checkPeriod, DateTimeOffset now) =>
        !AwaitsStart(meeting) || meeting.StartsAt - now > checkPeriod ? null
        : meeting.StartsAt > now ? meeting.StartsAt - now
        : TimeSpan.Zero;
}
