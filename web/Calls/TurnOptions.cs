namespace Viv.Web.Calls;

/// <summary>
/// The <c>Viv:Turn</c> section: a TURN server that shares a secret with Viv (coturn's
/// <c>use-auth-secret</c> with <c>static-auth-secret</c>), so Viv can hand each signed-in user
/// credentials that expire on their own.
/// </summary>
public sealed class TurnOptions
{
    public const string Section = "Viv:Turn";

    /// <summary>e.g. <c>turn:turn.example.org:3478?transport=udp</c>, <c>…?transport=tcp</c>, <c>turns:turn.example.org:5349?transport=tcp</c>.</summary>
    public List<string> Urls { get; set; } = [];

    public string? Secret { get; set; }

    public int CredentialLifetimeMinutes { get; set; } = 60;

    public bool Enabled => Urls.Count > 0;

    /// <summary>Why this configuration cannot work, in one sentence for the operator; null when it can.</summary>
    public string? Problem(IceOptions ice)
    {
        if (ice.TransportPolicy is not ("all" or "relay"))
        {
            return $"{IceOptions.Section}:TransportPolicy must be \"all\" or \"relay\", not \"{ice.TransportPolicy}\".";
        }
        if (ice.TransportPolicy == "relay" && !Enabled)
        {
            return $"{IceOptions.Section}:TransportPolicy is \"relay\" but no TURN server is configured ({Section}:Urls).";
        }
        if (!Enabled)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(Secret))
        {
            return $"{Section}:Urls is set but {Section}:Secret is missing or empty: set it to the TURN server's static-auth-secret.";
        }
        if (Urls.FirstOrDefault(u => !u.StartsWith("turn:", StringComparison.Ordinal) && !u.StartsWith("turns:", StringComparison.Ordinal)) is { } wrong)
        {
            return $"{Section}:Urls must start with turn: or turns:, not \"{wrong}\".";
        }
        return CredentialLifetimeMinutes is < 1 or > 24 * 60
            ? $"{Section}:CredentialLifetimeMinutes must be between 1 and 1440."
            : null;
    }
}
