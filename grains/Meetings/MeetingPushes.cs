using System.Text.Json;
using Viv.Accounts;
using Viv.Push;

namespace Viv.Meetings;

/// <summary>What a meeting pushes to the devices of those it concerns, for their service worker (<c>sw.js</c>) to show.</summary>
internal static class MeetingPushes
{
    /// <summary>
    /// I was invited: the title, the organizer's name and the start, worth delivering until the meeting
    /// starts (at most the push services' own four weeks), under the meeting's topic.
    /// </summary>
    public static PushNotice Invitation(Guid meetingId, string title, UserProfile organizer, DateTimeOffset startsAt, DateTimeOffset now) => new(
        JsonSerializer.Serialize(new { type = "meetingInvitation", meetingId, title, organizer = PushPeople.Shown(organizer), startsAt }),
        (int)Math.Clamp((startsAt - now).TotalSeconds, 60, TimeSpan.FromDays(28).TotalSeconds),
        Urgent: false,
        Topic: Topic(meetingId));

    /// <summary>It starts now: urgent, and worth nothing an hour later; it replaces the invitation if that never arrived.</summary>
    public static PushNotice Starting(Guid meetingId, string title) => new(
        JsonSerializer.Serialize(new { type = "meetingStarting", meetingId, title }),
        (int)TimeSpan.FromHours(1).TotalSeconds,
        Urgent: true,
        Topic: Topic(meetingId));

    private static string Topic(Guid meetingId) => meetingId.ToString("N");
}
