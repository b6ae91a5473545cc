namespace Viv.Meetings;

[GenerateSerializer, Alias("viv.meeting-state")]
public sealed class MeetingState
{
    [Id(0)] public Guid Organizer { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public string Note { get; set; } = "";
    [Id(3)] public DateTimeOffset StartsAt { get; set; }
    [Id(4)] public int DurationMinutes { get; set; }
    [Id(5)] public Dictionary<Guid, MeetingAnswer> Invitees { get; set; } = [];
    [Id(6)] public HashSet<Guid> Joined { get; set; } = [];
    [Id(7)] public int Sequence { get; set; }
    [Id(8)] public bool Cancelled { get; set; }
    /// <summary>Set once everyone who accepted was told the meeting is starting; cleared by a reschedule.</summary>
    [Id(9)] public bool Announced { get; set; }
    [Id(10)] public Guid? CallId { get; set; }
    /// <summary>
    /// Invitees who had blocked or deleted the organizer when it was scheduled: listed as any invitee
    /// who has not answered, so the organizer learns nothing, but never told, and to them the meeting
    /// does not exist. (A block or delete after scheduling is treated the same while it lasts; the
    /// grain asks the contact lists.)
    /// </summary>
    [Id(11)] public HashSet<Guid> Unseen { get; set; } = [];

    public bool Scheduled => Organizer != Guid.Empty;

    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);

    public bool Includes(Guid user) => user == Organizer || (Invitees.ContainsKey(user) && !Unseen.Contains(user));
}
