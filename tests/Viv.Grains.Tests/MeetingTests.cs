using Viv.Calls;
using Viv.Meetings;
using Viv.Contacts;
using Viv.Push;

namespace Viv.Grains.Tests;

/// <summary>
/// Meetings on the fixture's controllable clock. Starts stay within a connection lease (45 s) of
/// the members connecting, so moving the clock does not take them offline.
/// </summary>
public sealed class MeetingTests(ClusterFixture fixture)
{
    private async Task<(IMeetingGrain Meeting, Member Organizer, Member[] Invitees)> Scheduled(int invitees = 2, int startsInSeconds = 30)
    {
        var organizer = await Member.Register(fixture.Client, "Organizer");
        await organizer.Connect();
        var people = new Member[invitees];
        for (var i = 0; i < invitees; i++)
        {
            people[i] = await Member.Register(fixture.Client, $"Invitee {i}");
            await people[i].Connect();
            await organizer.BecomeContacts(people[i]);
        }
        var meeting = NewMeeting();
        var draft = new MeetingDraft("Plan the trip", "Bring the map", fixture.Clock.GetUtcNow().AddSeconds(startsInSeconds), 30, [.. people.Select(p => p.Id)]);
        (await meeting.Schedule(organizer.Id, draft)).Should().Be(MeetingError.None);
        return (meeting, organizer, people);
    }

    private IMeetingGrain NewMeeting() => fixture.Client.GetGrain<IMeetingGrain>(Guid.NewGuid());

    private static async Task Quiet<T>(Member member) where T : Realtime.ClientEvent =>
        (await member.Relay.AfterQuietPeriod(member.ConnectionId)).OfType<T>().Should().BeEmpty();

    [Fact]
    public async Task Invitees_are_told_see_it_in_their_calendar_and_the_organizer_sees_each_answer_live()
    {
        var (meeting, organizer, invitees) = await Scheduled();
        var outsider = await Member.Register(fixture.Client);

        var invited = await invitees[0].Relay.WaitFor<MeetingChanged>(invitees[0].ConnectionId, c => c.Change == MeetingChange.Invited);
        (await meeting.Answer(invitees[0].Id, accept: true)).Should().Be(MeetingError.None);
        (await meeting.Answer(invitees[1].Id, accept: false)).Should().Be(MeetingError.None);
        var answered = await organizer.Relay.WaitFor<MeetingChanged>(organizer.ConnectionId,
            c => c.Meeting.Attendees.All(a => a.Answer != MeetingAnswer.Pending));

        invited.Meeting.Should().Match<Meeting>(m => m.Title == "Plan the trip" && m.Note == "Bring the map" && m.Organizer.Id == organizer.Id);
        answered.Meeting.Attendees.Select(a => (a.Profile.Id, a.Answer)).Should().BeEquivalentTo(
            [(invitees[0].Id, MeetingAnswer.Accepted), (invitees[1].Id, MeetingAnswer.Declined)]);
        (await fixture.Client.GetGrain<IMeetingCalendarGrain>(invitees[1].Id).GetMeetings()).Single().Id.Should().Be(meeting.GetPrimaryKey());
        (await fixture.Client.GetGrain<IMeetingCalendarGrain>(organizer.Id).GetMeetings()).Should().ContainSingle();
        (await meeting.Get(outsider.Id)).Should().BeNull("an outsider learns nothing, not even that it exists");
        (await meeting.Answer(outsider.Id, true)).Should().Be(MeetingError.NotFound);
        (await meeting.Answer(organizer.Id, true)).Should().Be(MeetingError.NotInvited);
    }

    [Fact]
    public async Task Everyone_who_accepted_is_told_when_it_starts_and_nobody_else()
    {
        var (meeting, organizer, invitees) = await Scheduled(startsInSeconds: 20);
        var (accepted, declined) = (invitees[0], invitees[1]);
        await meeting.Answer(accepted.Id, true);
        await meeting.Answer(declined.Id, false);
        await Quiet<MeetingStarting>(accepted);

        fixture.Clock.Advance(TimeSpan.FromSeconds(21));

        (await accepted.Relay.WaitFor<MeetingStarting>(accepted.ConnectionId, _ => true)).Title.Should().Be("Plan the trip");
        (await organizer.Relay.WaitFor<MeetingStarting>(organizer.ConnectionId, _ => true)).MeetingId.Should().Be(meeting.GetPrimaryKey());
        await Quiet<MeetingStarting>(declined);
        accepted.Relay.ReceivedBy(accepted.ConnectionId).OfType<MeetingStarting>().Should().ContainSingle("it is announced once");
    }

    [Fact]
    public async Task Whoever_accepted_is_rung_on_their_devices_when_it_starts_and_nobody_else()
    {
        var (meeting, _, invitees) = await Scheduled(startsInSeconds: 20);
        var (accepted, declined) = (invitees[0], invitees[1]);
        await meeting.Answer(accepted.Id, true);
        await meeting.Answer(declined.Id, false);
        var (acceptedDevice, declinedDevice) = (fixture.Push.Subscribe(), fixture.Push.Subscribe());
        foreach (var (member, device) in new[] { (accepted, acceptedDevice), (declined, declinedDevice) })
        {
            (await fixture.Client.GetGrain<IPushDevicesGrain>(member.Id).Add(device.Endpoint.ToString(), device.P256dh, device.Auth, "Phone", null)).Error.Should().Be(PushError.None);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(21));
        await accepted.Relay.WaitFor<MeetingStarting>(accepted.ConnectionId, _ => true);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!fixture.Push.Received.Any(p => p.Endpoint == acceptedDevice.Endpoint))
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), $"the start should be pushed; refused: {string.Join("; ", fixture.Push.Refused)}");
            await Task.Delay(50);
        }

        var push = fixture.Push.Received.Single(p => p.Endpoint == acceptedDevice.Endpoint);
        using var payload = System.Text.Json.JsonDocument.Parse(push.Text);
        payload.RootElement.GetProperty("type").GetString().Should().Be("meetingStarting");
        payload.RootElement.GetProperty("title").GetString().Should().Be("Plan the trip");
        (push.Topic, push.Urgency, push.Ttl).Should().Be((meeting.GetPrimaryKey().ToString("N"), "high", 3600));
        await Quiet<MeetingStarting>(declined);
        fixture.Push.Received.Should().NotContain(p => p.Endpoint == declinedDevice.Endpoint, "who declined is not rung");
    }

    [Fact]
    public async Task A_rescheduled_meeting_starts_at_its_new_time_with_a_new_sequence_and_only_the_organizer_may_move_it()
    {
        var (meeting, organizer, invitees) = await Scheduled(invitees: 1, startsInSeconds: 15);
        await meeting.Answer(invitees[0].Id, true);
        var later = fixture.Clock.GetUtcNow().AddSeconds(35);

        (await meeting.Reschedule(invitees[0].Id, later, 30)).Should().Be(MeetingError.NotOrganizer);
        (await meeting.Reschedule(organizer.Id, fixture.Clock.GetUtcNow().AddSeconds(-1), 30)).Should().Be(MeetingError.StartsInThePast);
        (await meeting.Reschedule(organizer.Id, later, 0)).Should().Be(MeetingError.EndsBeforeItStarts);
        (await meeting.Reschedule(organizer.Id, later, 45)).Should().Be(MeetingError.None);
        var moved = await invitees[0].Relay.WaitFor<MeetingChanged>(invitees[0].ConnectionId, c => c.Change == MeetingChange.Rescheduled);
        fixture.Clock.Advance(TimeSpan.FromSeconds(16));
        await Quiet<MeetingStarting>(invitees[0]);
        fixture.Clock.Advance(TimeSpan.FromSeconds(20));

        (moved.Meeting.StartsAt, moved.Meeting.DurationMinutes, moved.Meeting.Sequence).Should().Be((later, 45, 1));
        (await invitees[0].Relay.WaitFor<MeetingStarting>(invitees[0].ConnectionId, _ => true)).MeetingId.Should().Be(meeting.GetPrimaryKey());
    }

    [Fact]
    public async Task A_cancelled_meeting_never_starts_and_refuses_answers()
    {
        var (meeting, organizer, invitees) = await Scheduled(invitees: 1, startsInSeconds: 10);
        await meeting.Answer(invitees[0].Id, true);

        (await meeting.Cancel(invitees[0].Id)).Should().Be(MeetingError.NotOrganizer);
        (await meeting.Cancel(organizer.Id)).Should().Be(MeetingError.None);
        var cancelled = await invitees[0].Relay.WaitFor<MeetingChanged>(invitees[0].ConnectionId, c => c.Change == MeetingChange.Cancelled);
        fixture.Clock.Advance(TimeSpan.FromSeconds(11));

        cancelled.Meeting.Should().Match<Meeting>(m => m.Cancelled && m.Sequence == 1);
        await Quiet<MeetingStarting>(invitees[0]);
        await Quiet<MeetingStarting>(organizer);
        (await meeting.Answer(invitees[0].Id, false)).Should().Be(MeetingError.Cancelled);
        (await meeting.Join(invitees[0].End())).Error.Should().Be(MeetingError.Cancelled);
    }

    [Fact]
    public async Task Bad_drafts_are_refused_and_schedule_nothing()
    {
        var organizer = await Member.Register(fixture.Client);
        var (contact, stranger, blocked) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        await organizer.BecomeContacts(contact);
        await organizer.BecomeContacts(blocked);
        await organizer.Do(ContactAction.Block, blocked);
        var soon = fixture.Clock.GetUtcNow().AddHours(1);
        MeetingDraft Draft(string title = "Title", string? note = null, DateTimeOffset? at = null, int minutes = 30, Guid[]? invitees = null) =>
            new(title, note, at ?? soon, minutes, invitees ?? [contact.Id]);

        var refusals = new Dictionary<MeetingDraft, MeetingError>
        {
            [Draft(title: "   ")] = MeetingError.TitleRequired,
            [Draft(title: new string('t', 201))] = MeetingError.TitleTooLong,
            [Draft(note: new string('n', 2001))] = MeetingError.NoteTooLong,
            [Draft(at: fixture.Clock.GetUtcNow().AddMinutes(-1))] = MeetingError.StartsInThePast,
            [Draft(minutes: -30)] = MeetingError.EndsBeforeItStarts,
            [Draft(minutes: 24 * 60 + 1)] = MeetingError.TooLong,
            [Draft(invitees: [organizer.Id])] = MeetingError.NoInvitees,
            [Draft(invitees: [stranger.Id])] = MeetingError.Unavailable,
            [Draft(invitees: [blocked.Id])] = MeetingError.Unavailable,
            [Draft(invitees: [contact.Id, Guid.NewGuid()])] = MeetingError.Unavailable,
        };

        foreach (var (draft, error) in refusals)
        {
            var meeting = NewMeeting();
            (await meeting.Schedule(organizer.Id, draft)).Should().Be(error, draft.Title.Length > 20 ? "a 201-character title" : draft.Title);
            (await meeting.Get(organizer.Id)).Should().BeNull();
        }
        (await fixture.Client.GetGrain<IMeetingCalendarGrain>(contact.Id).GetMeetings()).Should().BeEmpty();
        var html = NewMeeting();
        (await html.Schedule(organizer.Id, Draft(title: "<script>alert(1)</script>", note: "\"><img src=x onerror=alert(1)>"))).Should().Be(MeetingError.None);
        (await html.Get(contact.Id))!.Title.Should().Be("<script>alert(1)</script>", "stored as typed; every view encodes it");
        (await html.Schedule(organizer.Id, Draft())).Should().Be(MeetingError.AlreadyScheduled);
    }

    [Fact]
    public async Task An_invitee_who_blocked_or_deleted_the_organizer_is_listed_as_not_answering_but_never_told_and_never_sees_it()
    {
        var organizer = await Member.Register(fixture.Client, "Organizer");
        var (contact, blocker, deleter) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        foreach (var invitee in new[] { contact, blocker, deleter })
        {
            await organizer.BecomeContacts(invitee);
            await invitee.Connect();
        }
        await blocker.Do(ContactAction.Block, organizer);
        await deleter.Do(ContactAction.Delete, organizer);
        await Eventually.True(async () => (await organizer.ContactList.GetMutualContacts()).Count == 1, "until the organizer's contact list heard both");
        var meeting = NewMeeting();
        var draft = new MeetingDraft("Reunion", "", fixture.Clock.GetUtcNow().AddHours(1), 30, [contact.Id, blocker.Id, deleter.Id]);

        (await meeting.Schedule(organizer.Id, draft)).Should().Be(MeetingError.None, "the organizer learns nothing");
        (await meeting.Reschedule(organizer.Id, draft.StartsAt.AddHours(1), 45)).Should().Be(MeetingError.None);
        await contact.Relay.WaitFor<MeetingChanged>(contact.ConnectionId, c => c.Change == MeetingChange.Rescheduled);

        (await meeting.Get(organizer.Id))!.Attendees.Select(a => (a.Profile.Id, a.Answer)).Should().BeEquivalentTo(
            [(contact.Id, MeetingAnswer.Pending), (blocker.Id, MeetingAnswer.Pending), (deleter.Id, MeetingAnswer.Pending)]);
        foreach (var unseen in new[] { blocker, deleter })
        {
            await Quiet<MeetingChanged>(unseen);
            (await meeting.Get(unseen.Id)).Should().BeNull("to them the meeting does not exist");
            (await fixture.Client.GetGrain<IMeetingCalendarGrain>(unseen.Id).GetMeetings()).Should().BeEmpty();
            (await meeting.Answer(unseen.Id, true)).Should().Be(MeetingError.NotFound);
            (await meeting.Join(unseen.End())).Error.Should().Be(MeetingError.NotFound);
        }
        (await meeting.Cancel(organizer.Id)).Should().Be(MeetingError.None);
        await Quiet<MeetingChanged>(blocker);
    }

    [Theory]
    [InlineData(false, ContactAction.Block)]
    [InlineData(false, ContactAction.Delete)]
    [InlineData(true, ContactAction.Block)]
    [InlineData(true, ContactAction.Delete)]
    public async Task An_invitee_whose_contact_with_the_organizer_breaks_after_scheduling_is_told_nothing_more_and_no_longer_sees_it(bool byOrganizer, ContactAction action)
    {
        var (meeting, organizer, invitees) = await Scheduled(startsInSeconds: 20);
        var (gone, staying) = (invitees[0], invitees[1]);
        await meeting.Answer(gone.Id, true);
        await meeting.Answer(staying.Id, true);
        await gone.Relay.WaitFor<MeetingChanged>(gone.ConnectionId, c => c.Meeting.Attendees.All(a => a.Answer == MeetingAnswer.Accepted));

        (await (byOrganizer ? organizer.Do(action, gone) : gone.Do(action, organizer))).Should().Be(ContactError.None);
        gone.Relay.Clear();
        for (var i = 1; i <= 5; i++)
        {
            (await meeting.Reschedule(organizer.Id, fixture.Clock.GetUtcNow().AddSeconds(20 + i), 30)).Should().Be(MeetingError.None);
        }
        (await meeting.Answer(staying.Id, false)).Should().Be(MeetingError.None);
        await staying.Relay.WaitFor<MeetingChanged>(staying.ConnectionId, c => c.Change == MeetingChange.Answered && c.Meeting.Sequence == 5);
        fixture.Clock.Advance(TimeSpan.FromSeconds(26));
        await organizer.Relay.WaitFor<MeetingStarting>(organizer.ConnectionId, _ => true);

        await Quiet<MeetingChanged>(gone);
        await Quiet<MeetingStarting>(gone);
        (await fixture.Client.GetGrain<IMeetingCalendarGrain>(gone.Id).GetMeetings()).Should().BeEmpty();
        (await meeting.Get(gone.Id)).Should().BeNull("to them the meeting no longer exists");
        (await meeting.Answer(gone.Id, false)).Should().Be(MeetingError.NotFound);
        (await meeting.Join(gone.End())).Error.Should().Be(MeetingError.NotFound);
        (await meeting.Get(organizer.Id))!.Attendees.Single(a => a.Profile.Id == gone.Id).Answer.Should().Be(MeetingAnswer.Accepted, "the organizer learns nothing");
        staying.Relay.ReceivedBy(staying.ConnectionId).OfType<MeetingChanged>().Count(c => c.Change == MeetingChange.Rescheduled).Should().Be(5);
        (await meeting.Cancel(organizer.Id)).Should().Be(MeetingError.None);
        await staying.Relay.WaitFor<MeetingChanged>(staying.ConnectionId, c => c.Change == MeetingChange.Cancelled);
        await Quiet<MeetingChanged>(gone);
    }

    [Fact]
    public async Task Joining_opens_one_call_for_everyone_who_accepted_and_records_who_joined()
    {
        var (meeting, organizer, invitees) = await Scheduled(startsInSeconds: 20);
        var outsider = await Member.Register(fixture.Client);
        await meeting.Answer(invitees[0].Id, true);

        (await meeting.Join(organizer.End())).Error.Should().Be(MeetingError.NotYet, "before the start (the fixture allows no early join)");
        fixture.Clock.Advance(TimeSpan.FromSeconds(21));
        var first = await meeting.Join(organizer.End());
        var second = await meeting.Join(invitees[0].End());
        var joined = await invitees[0].Relay.WaitFor<CallConnected>(invitees[0].ConnectionId, _ => true);

        (first.Error, first.CallError, second.Error, second.CallError).Should().Be((MeetingError.None, CallError.None, MeetingError.None, CallError.None));
        second.CallId.Should().Be(first.CallId);
        joined.Peers.Single().Profile.Id.Should().Be(organizer.Id);
        (await organizer.Relay.WaitFor<ParticipantJoined>(organizer.ConnectionId, _ => true)).Peer.Profile.Id.Should().Be(invitees[0].Id);
        (await meeting.Join(outsider.End())).Error.Should().Be(MeetingError.NotFound);
        (await meeting.Get(organizer.Id))!.Attendees.Single(a => a.Profile.Id == invitees[0].Id).Joined.Should().BeTrue();
        (await meeting.Get(organizer.Id))!.Attendees.Single(a => a.Profile.Id == invitees[1].Id).Joined.Should().BeFalse();
    }

    [Fact]
    public async Task Someone_rung_into_a_meetings_call_who_joins_it_instead_stops_ringing_and_is_not_missed()
    {
        var (meeting, organizer, invitees) = await Scheduled(startsInSeconds: 20);
        var rung = invitees[1];
        await meeting.Answer(rung.Id, true);
        fixture.Clock.Advance(TimeSpan.FromSeconds(21));
        var callId = (await meeting.Join(organizer.End())).CallId;
        var room = fixture.Client.GetGrain<ICallRoomGrain>(callId);
        (await room.Invite(organizer.Id, rung.Id)).Should().Be(CallError.None);
        await rung.Relay.WaitFor<IncomingCall>(rung.ConnectionId, c => c.CallId == callId);

        (await meeting.Join(rung.End())).CallError.Should().Be(CallError.None);

        await rung.Relay.WaitFor<CallAnsweredElsewhere>(rung.ConnectionId, a => a.CallId == callId);
        (await room.HangUp(organizer.Id)).Should().Be(CallError.None);
        (await room.HangUp(rung.Id)).Should().Be(CallError.None);
        (await rung.Relay.WaitFor<CallEnded>(rung.ConnectionId, e => e.CallId == callId)).Outcome.Should().Be(CallOutcome.Completed);
        var history = fixture.Client.GetGrain<ICallHistoryGrain>(rung.Id);
        await Eventually.True(async () => (await history.GetRecent(10)).Count >= 1, "waiting for the call record");
        (await history.GetRecent(10)).Should().ContainSingle().Which.Outcome.Should().Be(CallOutcome.Completed, "they were in the call, not missing it");
    }
}
