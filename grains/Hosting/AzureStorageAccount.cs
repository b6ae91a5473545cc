using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Viv.Hosting;

/// <summary>
/// One place that turns <c>Viv:AzureStorage</c> into clients, for every host. Nothing here ever
/// prints the connection string: it holds the account key or a SAS.
/// </summary>
public static partial class AzureStorageAccount
{
    /// <summary>Why a connection string cannot be used, or null when it can.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            _ = new BlobServiceClient(connectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            return "is not an Azure Storage connection string: expected UseDevelopmentStorage=true or "
                + "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=... (or a SAS with its endpoints).";
        }
    }

    /// <summary>Blob container names are 3 to 63 lowercase letters, digits and single hyphens; the cluster id starts each of Viv's.</summary>
    public static bool IsContainerPrefix(string clusterId) => ContainerPrefix().IsMatch(clusterId);

    [GeneratedRegex("^(?=.{1,40}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerPrefix();

    /// <summary>The cluster's container for <paramref name="purpose"/>, e.g. <c>viv-keys</c>.</summary>
    public static string Container(string clusterId, string purpose) => $"{clusterId}-{purpose}";

    public static TableServiceClient Tables(string connectionString) => new(connectionString, Patient(new TableClientOptions()));

    public static BlobServiceClient Blobs(string connectionString) => new(connectionString, Patient(new BlobClientOptions()));

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
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException)
        {
            StartupRefusal.StorageUnreachable.Exit($"Viv cannot reach Azure Storage at '{Endpoint(tables)}' (Viv:AzureStorage): {Reason(e)}");
        }
    }

    private static string Reason(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } failed => $"it answered {failed.Status} {failed.ErrorCode}",
        OperationCanceledException => "no answer within 10 s",
        _ => e.InnerException?.Message ?? e.Message,
    };
}
