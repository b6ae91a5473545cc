using System.ComponentModel.DataAnnotations;

namespace Viv.Meetings;

/// <summary>The <c>Viv:Meetings</c> configuration section.</summary>
public sealed class MeetingOptions
{
    public const string Section = "Viv:Meetings";

    /// <summary>
    /// How often an upcoming meeting's durable reminder wakes it to look at the clock. In the last
    /// period before the start it sets a precise timer, so a meeting starts on time whatever this is;
    /// it bounds only how late a meeting starts when the silo was down at the start time.
    /// </summary>
    [Range(1, 3600)] public int CheckSeconds { get; set; } = 60;

    /// <summary>How long before the start the meeting's call may be joined.</summary>
    [Range(0, 1440)] public int EarlyJoinMinutes { get; set; } = 10;

    /// <summary>Meetings in one calendar; meetings that are over make room for new ones, the longest ago first.</summary>
    [Range(1, 100_000)] public int MaxCalendarMeetings { get; set; } = 500;
}
