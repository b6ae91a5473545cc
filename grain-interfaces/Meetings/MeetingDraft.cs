namespace Viv.Meetings;

/// <summary>What the organizer fills in. The start is an instant (the page converts from the organizer's time zone).</summary>
[GenerateSerializer, Immutable, Alias("viv.meeting-draft")]
public sealed record MeetingDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Note,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] int DurationMinutes,
    [property: Id(4)] IReadOnlyList<Guid> Invitees)
{
    public const int MaxTitleLength = 200;
    public const int MaxNoteLength = 2000;
    public const int MaxDurationMinutes = 24 * 60;
}
