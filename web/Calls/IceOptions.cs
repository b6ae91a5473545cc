using System.ComponentModel.DataAnnotations;

namespace Viv.Web.Calls;

/// <summary>
/// The <c>Viv:Ice</c> section: fixed ICE servers (STUN) handed to browsers before each call, and
/// the transport policy. Empty by default, which is enough on one network (host candidates); the
/// Internet needs at least STUN, and TURN (<see cref="TurnOptions"/>) for the calls STUN cannot connect.
/// </summary>
public sealed class IceOptions : IValidatableObject
{
    public const string Section = "Viv:Ice";

    private static readonly string[] Schemes = ["stun:", "stuns:", "turn:", "turns:"];

    public List<IceServer> Servers { get; set; } = [];

    /// <summary>"all", or "relay" to send every call through TURN (for tests, or to hide users' addresses from each other).</summary>
    [AllowedValues("all", "relay", ErrorMessage = "{0} must be \"all\" or \"relay\".")]
    public string TransportPolicy { get; set; } = "all";

    /// <summary>A browser refuses the whole configuration for one URL it cannot read, so every call would fail.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Servers.Count; i++)
        {
            if (Servers[i].Urls.Count == 0)
            {
                yield return new ValidationResult($"{Section}:Servers:{i}:Urls is empty: give the server at least one URL.");
            }
            foreach (var url in Servers[i].Urls.Where(u => !Schemes.Any(s => u.StartsWith(s, StringComparison.Ordinal))))
            {
                yield return new ValidationResult($"{Section}:Servers:{i}:Urls must start with stun:, stuns:, turn: or turns:, not \"{url}\".");
            }
        }
    }
}

/// <summary>One entry of RTCConfiguration.iceServers.</summary>
public sealed class IceServer
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
