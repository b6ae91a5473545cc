using Viv.Meetings;
using Viv.Realtime;
using Viv.Contacts;

namespace Viv.Grains.Tests;

/// <summary>
/// What one person may hold is bounded; the fixture sets small caps so the bounds are reached here
/// (defaults: 2,000 people, 100 unanswered requests, 500 meetings, 20 connections).
/// </summary>
public sealed class CapTests(ClusterFixture fixture)
{
    public const int People = 50;
    /// <summary>Room for PresenceTests' star, who asks 40 people at once: a smaller cap refused all but the first few.</summary>
    public const int UnansweredRequests = 40;
    public const int CalendarMeetings = 4;

    private Task<Member> Someone(string name = "Someone") => Member.Register(fixture.Client, name);

    private async Task<Member[]> Several(int count) => await Task.WhenAll(Enumerable.Range(0, count).Select(i => Someone($"Person {i}")));

    [Fact]
    public async Task A_full_contact_list_takes_no_one_new_yet_answering_blocking_and_deleting_still_work()
    {
        var owner = await Someone("Owner");
        var asked = await Several(UnansweredRequests - 1);
        var askers = await Several(People - asked.Length);
        foreach (var person in asked)
        {
            (await owner.Do(ContactAction.Request, person)).Should().Be(ContactError.None);
        }
        foreach (var person in askers)
        {
            (await person.Do(ContactAction.Request, owner)).Should().Be(ContactError.None);
        }
        await Eventually.True(async () => (await owner.ContactList.GetContacts()).Count == People, "until every request reached the owner");
        var stranger = await Someone("Stranger");

        (await owner.Do(ContactAction.Request, stranger)).Should().Be(ContactError.ListFull);
        (await owner.Do(ContactAction.Block, stranger)).Should().Be(ContactError.ListFull);
        (await stranger.ContactList.GetContacts()).Should().BeEmpty("a refused request reaches nobody");
        (await stranger.Do(ContactAction.Request, owner)).Should().Be(ContactError.None, "to the asker it looks like any request");
        (await stranger.SideTowardSettled(owner, ContactStatus.Requested)).Should().Be(ContactStatus.Requested);
        (await owner.SideTowardSettled(stranger, ContactStatus.Pending)).Should().Be(ContactStatus.None, "a full list does not take the request in");
        (await owner.ContactList.GetContacts()).Should().HaveCount(People);
        (await owner.ContactList.GetPendingCount()).Should().Be(askers.Length);

        (await owner.Do(ContactAction.Accept, askers[0])).Should().Be(ContactError.None);
        (await owner.Do(ContactAction.Block, askers[1])).Should().Be(ContactError.None, "someone already on the list can always be blocked");
        (await owner.Do(ContactAction.Delete, askers[0])).Should().Be(ContactError.None);
        (await owner.Do(ContactAction.Request, stranger)).Should().Be(ContactError.None, "the delete made room, and asking back accepts");
        (await owner.ContactList.GetContacts()).Should().Contain(c => c.Profile.Id == stranger.Id && c.Relationship == ContactStatus.Accepted);
    }

    [Fact]
    public async Task Unanswered_requests_are_capped_and_an_answer_or_a_withdrawal_makes_room()
    {
        var owner = await Someone("Owner");
        var people = await Several(UnansweredRequests + 1);
        foreach (var person in people[..UnansweredRequests])
        {
            (await owner.Do(ContactAction.Request, person)).Should().Be(ContactError.None);
        }

        (await owner.Do(ContactAction.Request, people[^1])).Should().Be(ContactError.TooManyRequests);
        (await people[^1].ContactList.GetContacts()).Should().BeEmpty("the refused request reached nobody");
        (await owner.Do(ContactAction.Request, people[0])).Should().Be(ContactError.None, "asking again someone already asked adds nothing");

        (await people[0].Do(ContactAction.Accept, owner)).Should().Be(ContactError.None);
        (await owner.SideTowardSettled(people[0], ContactStatus.Accepted)).Should().Be(ContactStatus.Accepted);
        (await owner.Do(ContactAction.Request, people[^1])).Should().Be(ContactError.None, "an accepted request is answered");
        var another = await Someone("Another");
        (await owner.Do(ContactAction.Request, another)).Should().Be(ContactError.TooManyRequests);
        (await owner.Do(ContactAction.Delete, people[1])).Should().Be(ContactError.None);
        (await owner.Do(ContactAction.Request, another)).Should().Be(ContactError.None, "a withdrawn request makes room");
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_refused_and_register_nothing()
    {
        var owner = await Someone("Owner");
        var relay = fixture.Client.CreateObjectReference<IClientRelay>(owner.Relay);
        for (var i = 0; i < ConnectionLease.MaxPerUser; i++)
        {
            (await owner.Presence.Connect(new ConnectionLease($"tab-{i}", DeviceKind.Browser), relay)).Should().BeTrue();
        }

        (await owner.Presence.Connect(new ConnectionLease("one-too-many", DeviceKind.Browser), relay)).Should().BeFalse();
        (await owner.Presence.GetConnectionCount()).Should().Be(ConnectionLease.MaxPerUser);
        (await owner.Presence.Connect(new ConnectionLease("tab-0", DeviceKind.Browser), relay)).Should().BeTrue("a connection already held is only renewed");
        await owner.Presence.Disconnect("tab-3");
        (await owner.Presence.Connect(new ConnectionLease("one-too-many", DeviceKind.Browser), relay)).Should().BeTrue();
    }

    [Fact]
    public async Task A_full_calendar_makes_room_from_meetings_that_are_over_or_cancelled_and_otherwise_refuses()
    {
        var organizer = await Someone("Organizer");
        var guest = await Someone("Guest");
        await organizer.BecomeContacts(guest);
        var soon = fixture.Clock.GetUtcNow().AddSeconds(20);
        var meetings = new List<IMeetingGrain>();
        for (var i = 0; i < CalendarMeetings; i++)
        {
            var meeting = fixture.Client.GetGrain<IMeetingGrain>(Guid.NewGuid());
            (await meeting.Schedule(organizer.Id, new MeetingDraft($"Meeting {i}", "", soon.AddHours(i), i == 0 ? 1 : 30, [guest.Id]))).Should().Be(MeetingError.None);
            meetings.Add(meeting);
        }
        Task<MeetingError> ScheduleOne(Member by, Member with) => fixture.Client.GetGrain<IMeetingGrain>(Guid.NewGuid())
            .Schedule(by.Id, new MeetingDraft("One more", "", soon.AddDays(1), 30, [with.Id]));

        (await ScheduleOne(organizer, guest)).Should().Be(MeetingError.CalendarFull);
        var friend = await Someone("Friend");
        await guest.BecomeContacts(friend);
        (await ScheduleOne(friend, guest)).Should().Be(MeetingError.Unavailable, "someone else's full calendar reads like any unavailable invitee");
        (await fixture.Client.GetGrain<IMeetingCalendarGrain>(friend.Id).GetMeetings()).Should().BeEmpty("a refused meeting is nowhere");

        (await meetings[1].Cancel(organizer.Id)).Should().Be(MeetingError.None);
        (await ScheduleOne(organizer, guest)).Should().Be(MeetingError.None, "a cancelled meeting makes room");
        (await fixture.Client.GetGrain<IMeetingCalendarGrain>(organizer.Id).GetMeetings()).Select(m => m.Id)
            .Should().HaveCount(CalendarMeetings).And.NotContain(meetings[1].GetPrimaryKey());

        fixture.Clock.Advance(TimeSpan.FromSeconds(90));
        (await ScheduleOne(organizer, guest)).Should().Be(MeetingError.None, "the first meeting, a minute long, is over and makes room");
        (await fixture.Client.GetGrain<IMeetingCalendarGrain>(organizer.Id).GetMeetings()).Select(m => m.Id).Should().NotContain(meetings[0].GetPrimaryKey());
    }
}
