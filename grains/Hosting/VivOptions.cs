using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Viv.Hosting;

/// <summary>
/// The <c>Viv</c> configuration section, shared by the web and silo hosts (environment variables:
/// <c>Viv__AzureStorage</c>, <c>Viv__NodeName</c>, ...). Setting <see cref="AzureStorage"/> or
/// <see cref="Redis"/> switches to cluster mode on that storage.
/// </summary>
public sealed class VivOptions : IValidatableObject
{
    public const string Section = "Viv";

    /// <summary>Embedded mode: where the SQLite file and the cookie keys live.</summary>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "viv");

    /// <summary>
    /// Cluster mode on Azure Storage: a connection string, <c>UseDevelopmentStorage=true</c> for
    /// Azurite on its default ports or a full account string (key or SAS, with or without endpoints),
    /// or for a managed identity the account's service URI or endpoints (<see cref="AzureStorageAccount"/>).
    /// </summary>
    public string? AzureStorage { get; set; }

    /// <summary>Cluster mode on Redis: a StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Names this process in logs and in the <c>X-Viv-Node</c> response header.</summary>
    [Required] public string NodeName { get; set; } = Environment.MachineName;

    [Required] public string ClusterId { get; set; } = "viv";

    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on.</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>
    /// The Orleans dashboard at <c>/dashboard/</c> (for <c>Viv:Administrators</c>). Its telemetry costs
    /// every node about 2 s of CPU at start and 3% of a core while idle, so a node nobody watches may turn it off.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// Where this node answers Prometheus's scrapes (<c>/metrics</c>), e.g. <c>http://127.0.0.1:9464/</c>: a
    /// listener of its own, never the public one. Off when empty.
    /// </summary>
    public string? Metrics { get; set; }

    public ClusterStorage? Cluster =>
        !string.IsNullOrWhiteSpace(AzureStorage) ? ClusterStorage.Azure : !string.IsNullOrWhiteSpace(Redis) ? ClusterStorage.Redis : null;

    public bool ClusterMode => Cluster is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedIp, out _))
        {
            yield return new ValidationResult($"{Section}:AdvertisedIp must be an IP address, not \"{AdvertisedIp}\".");
        }
        if (!string.IsNullOrWhiteSpace(Metrics) && !(Uri.TryCreate(Metrics, UriKind.Absolute, out var scrape) && scrape.Scheme == Uri.UriSchemeHttp && scrape.AbsolutePath == "/" && !scrape.IsDefaultPort))
        {
            yield return new ValidationResult($"{Section}:Metrics must be an http address with a port of its own and no path, such as http://127.0.0.1:9464/, not \"{Metrics}\".");
        }
        if (!string.IsNullOrWhiteSpace(AzureStorage) && !string.IsNullOrWhiteSpace(Redis))
        {
            yield return new ValidationResult($"Set {Section}:AzureStorage or {Section}:Redis, not both: a cluster keeps its state in one place.");
        }
        if (Cluster == ClusterStorage.Azure)
        {
            if (!AzureStorageAccount.IsContainerPrefix(ClusterId))
            {
                yield return new ValidationResult(
                    $"{Section}:ClusterId must be 1 to 40 lowercase letters, digits and single hyphens on Azure Storage (it names the cluster's blob containers), not \"{ClusterId}\".");
            }
            if (AzureStorageAccount.Problem(AzureStorage!) is { } problem)
            {
                yield return new ValidationResult($"{Section}:AzureStorage {problem}");
            }
        }
    }
}

/// <summary>Where a cluster keeps grain state, membership, reminders and the cookie key ring.</summary>
public enum ClusterStorage
{
    Azure,
    Redis,
}
