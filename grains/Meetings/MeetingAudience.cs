using Viv.Accounts;
using Viv.Push;
using Viv.Realtime;
using Viv.Contacts;

namespace Viv.Meetings;

/// <summary>
/// Who knows of a meeting, asked of the contact lists each time because either side may block or delete the
/// other after it was scheduled; whom it may invite; what it looks like to them; and telling them.
/// </summary>
internal sealed class MeetingAudience(IGrainFactory grains, Guid meetingId, IPersistentState<MeetingState> meeting, int earlyJoinMinutes, TimeProvider clock)
{
    private MeetingState State => meeting.State;

    /// <summary>
    /// Whether <paramref name="organizer"/> may invite <paramref name="invitees"/>: contacts they accepted,
    /// with room in every calendar. Those who blocked or deleted the organizer are invited unseen.
    /// </summary>
    public async Task<(MeetingError? Refused, HashSet<Guid> Unseen)> Invite(Guid organizer, IReadOnlyList<Guid> invitees)
    {
        var mine = await ContactList(organizer).GetAcceptedByMe();
        if (invitees.Any(i => !mine.Contains(i)))
        {
            return (MeetingError.Unavailable, []);
        }
        // Whoever blocked or deleted me is still a contact on my side: inviting them works as inviting anyone.
        var mutual = await Task.WhenAll(invitees.Select(i => Mutual(organizer, i)));
        var unseen = invitees.Where((_, i) => !mutual[i]).ToHashSet();
        if (!await Calendar(organizer).MakeRoom())
        {
            return (MeetingError.CalendarFull, unseen);
        }
        // Someone else's full calendar is theirs to know: to the organizer it reads like any unavailable invitee.
        var room = await Task.WhenAll(invitees.Except(unseen).Select(i => Calendar(i).MakeRoom()));
        return (room.Contains(false) ? MeetingError.Unavailable : null, unseen);
    }

    /// <summary>
    /// The organizer always; an invitee seen from the start only while they and the organizer still
    /// have each other as contacts. Whoever blocks or deletes the other after it was scheduled is, from
    /// then on, as one unseen from the start: never told anything more, and to them the meeting does
    /// not exist; to the organizer they stay listed with their last answer.
    /// </summary>
    public async Task<bool> Knows(Guid user) => State.Includes(user) && (user == State.Organizer || await Mutual(State.Organizer, user));

    /// <summary>The meeting as its organizer and invitees see it.</summary>
    public async Task<Meeting> View()
    {
        var organizer = await Profile(State.Organizer);
        var attendees = await Task.WhenAll(State.Invitees.Select(async i => new MeetingAttendee(await Profile(i.Key), i.Value, State.Joined.Contains(i.Key))));
        return new Meeting(meetingId, State.Title, State.Note, State.StartsAt, State.DurationMinutes, organizer, attendees, State.Sequence, State.Cancelled,
            MeetingRules.JoinOpensAt(State.StartsAt, earlyJoinMinutes));
    }

    /// <summary>A newly scheduled meeting goes into the calendar of everyone who knows of it.</summary>
    public async Task AddToCalendars() => await Task.WhenAll((await Everyone()).Select(user => Calendar(user).Add(meetingId)));

    /// <summary>
    /// Everyone who knows of the meeting sees it as it is now, and what changed; a new meeting also rings
    /// the devices of its invitees whose Viv is closed.
    /// </summary>
    public async Task TellEveryone(MeetingChange change)
    {
        var view = await View();
        var everyone = await Everyone();
        await Tell(everyone, new MeetingChanged(view, change));
        if (change == MeetingChange.Invited)
        {
            var invitation = MeetingPushes.Invitation(meetingId, State.Title, view.Organizer, State.StartsAt, clock.GetUtcNow());
            await Push(everyone.Where(user => user != State.Organizer), invitation);
        }
    }

    /// <summary>At the start, the organizer and everyone who accepted, of those who still know of it, are told, on their devices too.</summary>
    public async Task TellStarting()
    {
        var told = await WhoKnows(MeetingRules.ToldAtStart(State));
        await Tell(told, new MeetingStarting(meetingId, State.Title));
        await Push(told, MeetingPushes.Starting(meetingId, State.Title));
    }

    /// <summary>Of <paramref name="users"/>, those who know of the meeting now.</summary>
    private async Task<IReadOnlyList<Guid>> WhoKnows(IEnumerable<Guid> users)
    {
        var candidates = users.ToList();
        var knows = await Task.WhenAll(candidates.Select(Knows));
        return [.. candidates.Where((_, i) => knows[i])];
    }

    /// <summary>The organizer and every invitee who may know of the meeting now.</summary>
    private Task<IReadOnlyList<Guid>> Everyone() => WhoKnows(State.Invitees.Keys.Prepend(State.Organizer));

    private Task Tell(IEnumerable<Guid> users, ClientEvent clientEvent) =>
        Task.WhenAll(users.Select(user => grains.GetGrain<IPresenceGrain>(user).Deliver(clientEvent)));

    private Task Push(IEnumerable<Guid> users, PushNotice notice) =>
        Task.WhenAll(users.Select(user => grains.GetGrain<IPushDevicesGrain>(user).Push(notice)));

    /// <summary>Each side is asked of its own contact list, which knows its own changes as soon as they are made.</summary>
    private async Task<bool> Mutual(Guid organizer, Guid invitee) =>
        await ContactList(organizer).Accepts(invitee) && await ContactList(invitee).Accepts(organizer);

    private IContactListGrain ContactList(Guid user) => grains.GetGrain<IContactListGrain>(user);

    private IMeetingCalendarGrain Calendar(Guid user) => grains.GetGrain<IMeetingCalendarGrain>(user);

    private async Task<UserProfile> Profile(Guid user) => (await grains.GetGrain<IUserGrain>(user).GetProfile())!;
}
