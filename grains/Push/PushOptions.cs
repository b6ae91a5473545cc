using System.ComponentModel.DataAnnotations;

namespace Viv.Push;

/// <summary>The <c>Viv:Push</c> configuration section.</summary>
public sealed class PushOptions
{
    public const string Section = "Viv:Push";

    /// <summary>
    /// The contact the VAPID token names (RFC 8292 <c>sub</c>): a push service writes there about a sender
    /// that misbehaves, and some refuse a token without a real one. Set it to the operator's address.
    /// </summary>
    [Required, RegularExpression("^(mailto:|https://).+")]
    public string Subject { get; set; } = "mailto:webpush@localhost";

    /// <summary>
    /// Push services to send to besides the browsers' own (<see cref="PushRules.KnownServices"/>): a host
    /// name (an endpoint on it or a subdomain, over HTTPS), or an origin taken exactly, scheme and port
    /// included (<c>http://127.0.0.1:8080</c>, a push service on loopback). A device's endpoint is a URL
    /// the server will post to, so nothing else is accepted.
    /// </summary>
    public List<string> Services { get; set; } = [];

    /// <summary>
    /// Pushes a minute that may start something on one person's devices (a call ringing, a meeting);
    /// those about something already pushed (a ringing that stopped) are not counted.
    /// </summary>
    [Range(1, 1000)]
    public int PerMinute { get; set; } = 10;
}
