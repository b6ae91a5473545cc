using Viv.Realtime;

namespace Viv.Meetings;

/// <summary>A meeting I am in was scheduled, answered, rescheduled or cancelled: pages redraw it.</summary>
[GenerateSerializer, Immutable, Alias("viv.meeting-changed")]
public sealed record MeetingChanged(
    [property: Id(0)] Meeting Meeting,
    [property: Id(1)] MeetingChange Change) : ClientEvent
{
    public override string Method => "meetingChanged";
}

public enum MeetingChange
{
    Invited,
    Answered,
    Rescheduled,
    Cancelled,
}

/// <summary>The start time has come: every accepted participant who is online may join.</summary>
[GenerateSerializer, Immutable, Alias("viv.meeting-starting")]
public sealed record MeetingStarting(
    [property: Id(0)] Guid MeetingId,
    [property: Id(1)] string Title) : ClientEvent
{
    public override string Method => "meetingStarting";
}
