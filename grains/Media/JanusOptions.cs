using System.ComponentModel.DataAnnotations;

namespace Viv.Media;

/// <summary>
/// The <c>Viv:Media</c> section: the Janus instances calls above the mesh limit are placed on
/// (<c>Viv__Media__Janus__0__Url=ws://10.0.0.7:8188</c>, <c>…__ApiSecret</c>, <c>…__AdminKey</c>).
/// None configured: calls stay a mesh.
/// </summary>
public sealed class JanusOptions : IValidatableObject
{
    public const string Section = "Viv:Media";

    public List<JanusInstance> Janus { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Janus.Count; i++)
        {
            var key = $"{Section}:Janus:{i}";
            var instance = Janus[i];
            if (!Uri.TryCreate(instance.Url, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
            {
                yield return new ValidationResult($"{key}:Url must be a ws:// or wss:// address of a Janus WebSocket transport, not \"{instance.Url}\".");
            }
            if (string.IsNullOrWhiteSpace(instance.ApiSecret))
            {
                yield return new ValidationResult($"{key}:ApiSecret is missing: set it to the api_secret of that Janus (deploy/janus/configure.sh's JANUS_API_SECRET).");
            }
            if (string.IsNullOrWhiteSpace(instance.AdminKey))
            {
                yield return new ValidationResult($"{key}:AdminKey is missing: set it to the admin_key of its VideoRoom plugin (deploy/janus/configure.sh's JANUS_ADMIN_KEY).");
            }
        }
        if (Janus.GroupBy(i => i.DisplayName).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            yield return new ValidationResult($"{Section}:Janus names \"{twice.Key}\" twice: give each instance its own Name.");
        }
    }
}

/// <summary>One Janus instance, reached over its WebSocket transport with its API secret.</summary>
public sealed class JanusInstance
{
    /// <summary>For logs and placement; the URL's host and port when not set.</summary>
    public string? Name { get; set; }

    public string Url { get; set; } = "";

    /// <summary>Janus's <c>api_secret</c>: every request carries it.</summary>
    public string ApiSecret { get; set; } = "";

    /// <summary>The VideoRoom plugin's <c>admin_key</c>: creating a room needs it.</summary>
    public string AdminKey { get; set; } = "";

    public string DisplayName => !string.IsNullOrWhiteSpace(Name) ? Name
        : Uri.TryCreate(Url, UriKind.Absolute, out var url) ? url.Authority : Url;
}
