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
    /// <summary>Per client address (or IPv6 /64): a household or office behind one address shares it.</summary>
    [Range(1, 100_000)] public int RegistrationsPerMinute { get; set; } = 10;

    /// <summary>
    /// Kilobytes of signals a person sends (each signal weighs one plus one per kilobyte). Setting up
    /// a three-person call took each browser 15 to 21 KB of hub traffic in the browser tests, so even
    /// a six-person call set up several times over stays far below; the budget must hold at least
    /// one signal of the largest size, 64 KB of SDP.
    /// </summary>
    [Range(65, 10_000_000)] public int SignalingKilobytesPerMinute { get; set; } = 2048;

    public int PerMinute(Pace pace) => pace switch
    {
        Pace.SignIns => SignInsPerMinute,
        Pace.ContactChanges => ContactChangesPerMinute,
        Pace.Searches => SearchesPerMinute,
        Pace.Invitations => InvitationsPerMinute,
        Pace.MeetingChanges => MeetingChangesPerMinute,
        Pace.Registrations => RegistrationsPerMinute,
        Pace.Signaling => SignalingKilobytesPerMinute,
        _ => throw new ArgumentOutOfRangeException(nameof(pace), pace, null),
    };
}
