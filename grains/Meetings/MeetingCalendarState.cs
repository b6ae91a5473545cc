namespace Viv.Meetings;

[GenerateSerializer, Alias("viv.meeting-calendar-state")]
public sealed class MeetingCalendarState
{
    [Id(0)] public HashSet<Guid> Meetings { get; set; } = [];
}
