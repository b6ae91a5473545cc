using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Viv.Hosting;

/// <summary>
/// One place that turns <c>Viv:AzureStorage</c> into clients, for every host. It takes a connection
/// string that carries its secret (an account key or a SAS), or, for a managed identity, the account's
/// address alone: a service URI (<c>https://account.blob.core.windows.net</c>) or its endpoints
/// (<c>TableEndpoint=https://...;BlobEndpoint=https://...</c>), whose requests carry a token from
/// <see cref="DefaultAzureCredential"/>. Nothing here ever prints the setting: it may hold the key.
/// </summary>
public static partial class AzureStorageAccount
{
    private const string Expected = "expected UseDevelopmentStorage=true, DefaultEndpointsProtocol=https;AccountName=...;AccountKey=... "
        + "(or a SAS with its endpoints), or for a managed identity the account's service URI https://<account>.blob.core.windows.net "
        + "(or TableEndpoint=https://...;BlobEndpoint=https://...).";

    // One credential for every client of the process, so that they share its cached token.
    private static readonly Lazy<TokenCredential> Identity = new(() => new DefaultAzureCredential());

    /// <summary>Where the account is and how requests prove who sends them: a connection string, or endpoints for a token.</summary>
    private sealed record Account(string? ConnectionString, Uri? TableEndpoint, Uri? BlobEndpoint);

    /// <summary>Why <c>Viv:AzureStorage</c> cannot be used, or null when it can.</summary>
    public static string? Problem(string setting)
    {
        try
        {
            var account = Read(setting);
            if (account.ConnectionString is { } connectionString)
            {
                _ = new TableServiceClient(connectionString);
                _ = new BlobServiceClient(connectionString);
            }
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            return e is NotUsable ? e.Message : $"is not an Azure Storage connection string: {Expected}";
        }
    }

    private sealed class NotUsable(string message) : FormatException(message);

    private static Account Read(string setting)
    {
        var value = setting.Trim();
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? ServiceUri(uri)
                : throw new NotUsable($"is not an Azure Storage connection string: {Expected}");
        }
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : "", StringComparer.OrdinalIgnoreCase);
        if (parts.ContainsKey("AccountKey") || parts.ContainsKey("SharedAccessSignature") || parts.ContainsKey("UseDevelopmentStorage"))
        {
            return new Account(value, null, null);
        }
        if (parts.Keys.Except(["TableEndpoint", "BlobEndpoint", "QueueEndpoint", "FileEndpoint"], StringComparer.OrdinalIgnoreCase).Any()
            || !parts.TryGetValue("TableEndpoint", out var tables) || !parts.TryGetValue("BlobEndpoint", out var blobs))
        {
            throw new NotUsable($"is not an Azure Storage connection string: {Expected}");
        }
        return new Account(null, TokenEndpoint(tables, "TableEndpoint"), TokenEndpoint(blobs, "BlobEndpoint"));
    }

    // An account's own service URI names the account and the cloud: https://<account>.<service>.<suffix>.
    private static Account ServiceUri(Uri uri)
    {
        var host = AccountHost().Match(uri.Host);
        if (!host.Success || uri.AbsolutePath != "/")
        {
            throw new NotUsable("is not an Azure Storage service URI: expected https://<account>.blob.core.windows.net or https://<account>.table.core.windows.net (other clouds keep their own suffix).");
        }
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        Uri Service(string service) => TokenEndpoint($"{uri.Scheme}://{host.Groups["account"].Value}.{service}.{host.Groups["suffix"].Value}{port}", "service URI");
        return new Account(null, Service("table"), Service("blob"));
    }

    [GeneratedRegex("^(?<account>[a-z0-9]{3,24})\\.(blob|table)\\.(?<suffix>[a-z0-9-]+(\\.[a-z0-9-]+)+)$")]
    private static partial Regex AccountHost();

    // The SDK sends a token only over TLS, and says so on the first request: say it at start instead.
    private static Uri TokenEndpoint(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "https"
            ? uri
            : throw new NotUsable($"needs an https {name} to use a managed identity: Azure sends its token only over TLS (or give the account key or a SAS).");

    /// <summary>Blob container names are 3 to 63 lowercase letters, digits and single hyphens; the cluster id starts each of Viv's.</summary>
    public static bool IsContainerPrefix(string clusterId) => ContainerPrefix().IsMatch(clusterId);

    [GeneratedRegex("^(?=.{1,40}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerPrefix();

    /// <summary>The cluster's container for <paramref name="purpose"/>, e.g. <c>viv-keys</c>.</summary>
    public static string Container(string clusterId, string purpose) => $"{clusterId}-{purpose}";

    public static TableServiceClient Tables(string setting) => Read(setting) switch
    {
        { ConnectionString: { } connectionString } => new(connectionString, Patient(new TableClientOptions())),
        var account => new(account.TableEndpoint!, Identity.Value, Patient(new TableClientOptions())),
    };

    public static BlobServiceClient Blobs(string setting) => Read(setting) switch
    {
        { ConnectionString: { } connectionString } => new(connectionString, Patient(new BlobClientOptions())),
        var account => new(account.BlobEndpoint!, Identity.Value, Patient(new BlobClientOptions())),
    };

    // The SDK's defaults wait 100 s per try: a node whose storage went away would hold requests that long.
    private static T Patient<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    /// <summary>The service's address without any query (a SAS), for messages.</summary>
    public static string Endpoint(TableServiceClient tables) => tables.Uri.GetLeftPart(UriPartial.Path);

    /// <summary>
    /// Run before the host starts, like <see cref="RedisConnection.ExitUnlessReachable"/>: one line
    /// naming the table endpoint (never the key) and exit code 3 when the account does not answer.
    /// </summary>
    public static void ExitUnlessReachable(string connectionString)
    {
        var tables = Tables(connectionString);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            tables.GetProperties(deadline.Token);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or OperationCanceledException or AggregateException)
        {
            StartupRefusal.StorageUnreachable.Exit($"Viv cannot reach Azure Storage at '{Endpoint(tables)}' (Viv:AzureStorage): {Reason(e)}");
        }
    }

    private static string Reason(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } failed => $"it answered {failed.Status} {failed.ErrorCode}",
        CredentialUnavailableException => "this process has no Azure identity (DefaultAzureCredential found no managed or workload identity, "
            + "no AZURE_CLIENT_ID with a secret or certificate, no az login)",
        // A credential that was found and failed explains itself over many lines: the first says what failed.
        AuthenticationFailedException => $"its Azure identity got no token ({e.Message.Split('\n')[0].Trim()})",
        OperationCanceledException => "no answer within 10 s",
        _ => e.InnerException?.Message ?? e.Message,
    };
}
