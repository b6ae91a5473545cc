using System.ComponentModel.DataAnnotations;

namespace Viv.Web.Pacing;

/// <summary>
/// <c>Viv:Limits</c>: how many of each paced action one person may do in a burst; the budget then
/// refills evenly over a minute, so a steady pace of the same number per minute never slows down.
/// </summary>
public sealed class PaceOptions
{
    public const string Section = "Viv:Limits";

    [Range(1, 100_000)] public int SignInsPerMinute { get; set; } = 10;

    [Range(1, 100_000)] public int ContactChangesPerMinute { get; set; } = 30;

    [Range(1, 100_000)] public int SearchesPerMinute { get; set; } = 60;

    [Range(1, 100_000)] public int InvitationsPerMinute { get; set; } = 20;

    [Range(1, 100_000)] public int MeetingChangesPerMinute { get; set; } = 30;

    public int PerMinute(Pace pace) => pace switch
    {
        Pace.SignIns => SignInsPerMinute,
        Pace.ContactChanges => ContactChangesPerMinute,
        Pace.Searches => SearchesPerMinute,
        Pace.Invitations => InvitationsPerMinute,
        Pace.MeetingChanges => MeetingChangesPerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(pace), pace, null),
    };
}
