using System.Globalization;

namespace Viv.Web.Pacing;

/// <summary>
/// The answer to a paced action over budget. On the hub it takes the place of the method's own
/// reply: it has the same <c>ok</c> and <c>error</c> fields every reply has, so a client reads it
/// the same way; <c>retryAfterSeconds</c> says when to try again.
/// </summary>
public sealed record SlowDown(bool Ok, string Error, int RetryAfterSeconds)
{
    public const string Code = "slow_down";

    public static SlowDown After(Pace pace, TimeSpan wait)
    {
        var seconds = Seconds(wait);
        return new(false, $"Slow down: too many {Noun(pace)}. Try again in {seconds} second{(seconds == 1 ? "" : "s")}.", seconds);
    }

    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    public static string RetryAfterHeader(TimeSpan wait) => Seconds(wait).ToString(CultureInfo.InvariantCulture);

    private static string Noun(Pace pace) => pace switch
    {
        Pace.SignIns => "sign-in attempts",
        Pace.ContactChanges => "contact changes",
        Pace.Searches => "searches",
        Pace.Invitations => "invitations",
        Pace.MeetingChanges => "meeting changes",
        Pace.Registrations => "registrations",
        Pace.Signaling => "signaling messages",
        _ => "requests",
    };
}
