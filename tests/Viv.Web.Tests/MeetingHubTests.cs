using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Ical.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>Meetings over the hub and their iCalendar file, as a page or a native client uses them.</summary>
public sealed class MeetingHubTests(ServerFixture fixture)
{
    private sealed record Reply(bool Ok, Guid? MeetingId, string? Error);

    private static object Draft(string title, DateTimeOffset startsAt, int minutes, params Guid[] invitees) =>
        new { title, note = "Bring the <b>map</b>", startsAt, durationMinutes = minutes, invitees };

    private static Calendar Parse(string ics) => Calendar.Load(ics)!;

    [Fact]
    public async Task The_ics_file_carries_the_meeting_follows_reschedules_and_cancels_and_only_participants_get_it()
    {
        await using var organizer = await HubUser.SignIn(fixture.Server, "Grace Organizer");
        await using var invitee = await HubUser.SignIn(fixture.Server, "Alan Invitee");
        await using var outsider = await HubUser.SignIn(fixture.Server, "Outsider");
        await organizer.BecomeContacts(invitee);
        var told = Channel.CreateUnbounded<JsonElement>();
        invitee.Hub.On<JsonElement>("meetingChanged", change => told.Writer.TryWrite(change));
        var startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(15), TimeSpan.Zero);

        var scheduled = await organizer.Hub.InvokeAsync<Reply>("ScheduleMeeting", Draft("Design review", startsAt, 45, invitee.Id));
        var invitation = await told.Reader.ReadAsync(TestContext.Current.CancellationToken);
        (await invitee.Hub.InvokeAsync<Reply>("AnswerMeeting", scheduled.MeetingId, true)).Ok.Should().BeTrue();
        var url = $"/meetings/{scheduled.MeetingId}.ics";
        var first = Parse(await invitee.Session.Http.GetStringAsync(url));
        (await organizer.Hub.InvokeAsync<Reply>("RescheduleMeeting", scheduled.MeetingId, startsAt.AddHours(1), 30)).Ok.Should().BeTrue();
        var moved = Parse(await invitee.Session.Http.GetStringAsync(url));
        (await organizer.Hub.InvokeAsync<Reply>("CancelMeeting", scheduled.MeetingId)).Ok.Should().BeTrue();
        var cancelled = Parse(await invitee.Session.Http.GetStringAsync(url));
        using var forOutsider = await outsider.Session.Http.GetAsync(url);
        using var forNobody = await new VivSession(fixture.Server.BaseAddress).Http.GetAsync(url);

        scheduled.Ok.Should().BeTrue(scheduled.Error);
        invitation.GetProperty("change").GetString().Should().Be("invited");
        invitation.GetProperty("meeting").GetProperty("title").GetString().Should().Be("Design review");
        var happening = first.Events.Single();
        happening.Uid.Should().Be($"{scheduled.MeetingId:D}@viv");
        happening.Summary.Should().Be("Design review");
        happening.Description.Should().Be("Bring the <b>map</b>");
        happening.DtStart!.AsUtc.Should().Be(startsAt.UtcDateTime);
        happening.DtStart.IsUtc.Should().BeTrue();
        happening.DtEnd!.AsUtc.Should().Be(startsAt.UtcDateTime.AddMinutes(45));
        happening.Organizer!.CommonName.Should().Be("Grace Organizer");
        happening.Attendees.Select(a => (a.CommonName, a.ParticipationStatus, a.Value?.ToString())).Should().Equal(("Alan Invitee", "ACCEPTED", $"mailto:{invitee.Username}@viv.invalid"));
        first.Method.Should().Be("PUBLISH");
        (happening.Sequence, moved.Events.Single().Sequence, cancelled.Events.Single().Sequence).Should().Be((0, 1, 2));
        moved.Events.Single().Uid.Should().Be(happening.Uid);
        moved.Events.Single().DtStart!.AsUtc.Should().Be(startsAt.UtcDateTime.AddHours(1));
        cancelled.Method.Should().Be("CANCEL");
        cancelled.Events.Single().Status.Should().Be("CANCELLED");
        forOutsider.StatusCode.Should().Be(HttpStatusCode.NotFound);
        forNobody.StatusCode.Should().NotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_invitee_who_blocked_the_organizer_hears_none_of_their_reschedules_and_no_longer_has_the_meeting()
    {
        await using var organizer = await HubUser.SignIn(fixture.Server, "Blocked Organizer");
        await using var blocker = await HubUser.SignIn(fixture.Server, "Blocking Invitee");
        await using var other = await HubUser.SignIn(fixture.Server, "Other Invitee");
        await organizer.BecomeContacts(blocker);
        await organizer.BecomeContacts(other);
        var heard = new HeardEvents();
        heard.Listen(blocker.Hub, "blocker");
        heard.Listen(other.Hub, "other");
        var startsAt = DateTimeOffset.UtcNow.AddDays(1);
        var scheduled = await organizer.Hub.InvokeAsync<Reply>("ScheduleMeeting", Draft("Before the block", startsAt, 30, blocker.Id, other.Id));
        await heard.Until(all => all.Count(h => h.Method == "meetingChanged") == 2, TimeSpan.FromSeconds(10));
        (await blocker.Hub.InvokeAsync<JsonElement>("ChangeContact", organizer.Id, "block")).GetProperty("ok").GetBoolean().Should().BeTrue();
        heard.Clear();

        var moves = new List<Reply>();
        for (var i = 1; i <= 5; i++)
        {
            moves.Add(await organizer.Hub.InvokeAsync<Reply>("RescheduleMeeting", scheduled.MeetingId, startsAt.AddHours(i), 30));
        }
        await heard.Until(all => all.Count(h => h.Who == "other" && h.Method == "meetingChanged") == 5, TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        using var file = await blocker.Session.Http.GetAsync($"/meetings/{scheduled.MeetingId}.ics");

        moves.Should().OnlyContain(m => m.Ok);
        heard.All.Where(h => h.Method == "meetingChanged").Should().OnlyContain(h => h.Who == "other", "the blocker hears none of the five");
        (await blocker.Hub.InvokeAsync<JsonElement[]>("Meetings")).Should().BeEmpty();
        file.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await blocker.Hub.InvokeAsync<Reply>("AnswerMeeting", scheduled.MeetingId, true)).Error.Should().Be("There is no such meeting.");
        (await other.Hub.InvokeAsync<JsonElement[]>("Meetings")).Single().GetProperty("startsAt").GetDateTimeOffset().Should().Be(startsAt.AddHours(5));
    }

    [Fact]
    public async Task Bad_meetings_are_refused_in_words_and_outsiders_learn_nothing()
    {
        await using var organizer = await HubUser.SignIn(fixture.Server, "Bad Organizer");
        await using var contact = await HubUser.SignIn(fixture.Server, "Contact");
        await using var stranger = await HubUser.SignIn(fixture.Server, "Stranger");
        await organizer.BecomeContacts(contact);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        Task<Reply> Schedule(object draft) => organizer.Hub.InvokeAsync<Reply>("ScheduleMeeting", draft);

        (await Schedule(Draft(new string('x', 201), tomorrow, 30, contact.Id))).Error.Should().Be("The title can be at most 200 characters.");
        (await Schedule(Draft("Past", DateTimeOffset.UtcNow.AddMinutes(-5), 30, contact.Id))).Error.Should().Be("Choose a start time in the future.");
        (await Schedule(Draft("Backwards", tomorrow, -15, contact.Id))).Error.Should().Be("The meeting must end after it starts.");
        (await Schedule(Draft("Stranger", tomorrow, 30, stranger.Id))).Error.Should().Be("Unavailable");
        (await Schedule(Draft("Nobody", tomorrow, 30))).Error.Should().Be("Invite at least one contact.");
        (await Schedule(new { title = "No invitee list", startsAt = tomorrow, durationMinutes = 30 })).Error.Should().Be("Invite at least one contact.");
        var real = await Schedule(Draft("Real", tomorrow, 30, contact.Id));
        (await stranger.Hub.InvokeAsync<Reply>("AnswerMeeting", real.MeetingId, true)).Error.Should().Be("There is no such meeting.");
        (await contact.Hub.InvokeAsync<Reply>("RescheduleMeeting", real.MeetingId, tomorrow.AddHours(1), 30)).Error.Should().Be("Only the organizer can change this meeting.");
        (await contact.Hub.InvokeAsync<Reply>("CancelMeeting", real.MeetingId)).Error.Should().Be("Only the organizer can change this meeting.");
        (await stranger.Hub.InvokeAsync<JsonElement>("JoinMeeting", real.MeetingId)).GetProperty("error").GetString().Should().Be("There is no such meeting.");
        (await contact.Hub.InvokeAsync<JsonElement>("JoinMeeting", real.MeetingId)).GetProperty("error").GetString().Should().Be("This meeting has not started yet.");
        (await stranger.Hub.InvokeAsync<JsonElement[]>("Meetings")).Should().BeEmpty();
        (await contact.Hub.InvokeAsync<JsonElement[]>("Meetings")).Should().ContainSingle();
    }
}
