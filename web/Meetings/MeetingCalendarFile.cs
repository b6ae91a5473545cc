using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Viv.Accounts;
using Viv.Meetings;
using Viv.Web.Accounts;

namespace Viv.Web.Meetings;

/// <summary>
/// A meeting as an iCalendar (RFC 5545) file: one event with a stable UID, UTC times, the organizer
/// and attendees (by name, with <c>username@viv.invalid</c> addresses), a SEQUENCE that grows with each reschedule, and METHOD:CANCEL once cancelled.
/// </summary>
public static class MeetingCalendarFile
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Uid(Guid meetingId) => $"{meetingId:D}@viv";

    public static string Write(Meeting meeting)
    {
        var calendar = new Calendar { ProductId = "-//Viv//Meetings//EN", Method = meeting.Cancelled ? "CANCEL" : "PUBLISH" };
        var answers = new Dictionary<MeetingAnswer, string>
        {
            [MeetingAnswer.Pending] = "NEEDS-ACTION",
            [MeetingAnswer.Accepted] = "ACCEPTED",
            [MeetingAnswer.Declined] = "DECLINED",
        };
        var happening = new CalendarEvent
        {
            Uid = Uid(meeting.Id),
            Summary = meeting.Title,
            Description = meeting.Note.Length == 0 ? null : meeting.Note,
            DtStart = new CalDateTime(meeting.StartsAt.UtcDateTime),
            DtEnd = new CalDateTime(meeting.EndsAt.UtcDateTime),
            Sequence = meeting.Sequence,
            Status = meeting.Cancelled ? "CANCELLED" : "CONFIRMED",
            Organizer = new Organizer { Value = Address(meeting.Organizer), CommonName = meeting.Organizer.FullName },
        };
        foreach (var attendee in meeting.Attendees)
        {
            happening.Attendees.Add(new Attendee
            {
                Value = Address(attendee.Profile),
                CommonName = attendee.Profile.FullName,
                Role = "REQ-PARTICIPANT",
                ParticipationStatus = answers[attendee.Answer],
            });
        }
        calendar.Events.Add(happening);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>Viv has no e-mail addresses: a reserved domain (RFC 2606) that delivers nowhere, with the username.</summary>
    private static Uri Address(UserProfile person) => new($"mailto:{person.Username}@viv.invalid");

    /// <summary>GET /meetings/{id}.ics: for the organizer and invitees; anyone else gets 404, as if there were no meeting.</summary>
    public static async Task<IResult> Get(Guid id, IGrainFactory grains, HttpContext http)
    {
        var meeting = await grains.GetGrain<IMeetingGrain>(id).Get(http.User.UserId());
        return meeting is null
            ? Results.NotFound()
            : Results.Text(Write(meeting), ContentType, System.Text.Encoding.UTF8);
    }
}
