using System.ComponentModel.DataAnnotations;

namespace Viv.Web.Calls;

/// <summary>
/// The <c>Viv:Turn</c> section: a TURN server that shares a secret with Viv (coturn's
/// <c>use-auth-secret</c> with <c>static-auth-secret</c>), so Viv can hand each signed-in user
/// credentials that expire on their own. A TURN server Viv cannot sign credentials for would fail
/// every relayed call later, so such a configuration is refused at start.
/// </summary>
public sealed class TurnOptions : IValidatableObject
{
    public const string Section = "Viv:Turn";

    /// <summary>e.g. <c>turn:turn.example.org:3478?transport=udp</c>, <c>…?transport=tcp</c>, <c>turns:turn.example.org:5349?transport=tcp</c>.</summary>
    public List<string> Urls { get; set; } = [];

    public string? Secret { get; set; }

    [Range(1, 24 * 60)] public int CredentialLifetimeMinutes { get; set; } = 60;

    public bool Enabled => Urls.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(Secret))
        {
            yield return new ValidationResult($"{Section}:Urls is set but {Section}:Secret is missing or empty: set it to the TURN server's static-auth-secret.");
        }
        if (Urls.FirstOrDefault(u => !u.StartsWith("turn:", StringComparison.Ordinal) && !u.StartsWith("turns:", StringComparison.Ordinal)) is { } wrong)
        {
            yield return new ValidationResult($"{Section}:Urls must start with turn: or turns:, not \"{wrong}\".");
        }
    }
}
