using Viv.Accounts;

namespace Viv.Meetings;

/// <summary>A meeting as its organizer and invitees see it. Its call may be joined from <see cref="JoinOpensAt"/> until <see cref="EndsAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("viv.meeting")]
public sealed record Meeting(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Note,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] int DurationMinutes,
    [property: Id(5)] UserProfile Organizer,
    [property: Id(6)] IReadOnlyList<MeetingAttendee> Attendees,
    [property: Id(7)] int Sequence,
    [property: Id(8)] bool Cancelled,
    [property: Id(9)] DateTimeOffset JoinOpensAt)
{
    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);
}

/// <summary>An invitee, their answer, and whether they joined the meeting's call.</summary>
[GenerateSerializer, Immutable, Alias("viv.meeting-attendee")]
public sealed record MeetingAttendee(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] MeetingAnswer Answer,
    [property: Id(2)] bool Joined);
