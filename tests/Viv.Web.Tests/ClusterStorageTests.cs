namespace Viv.Web.Tests;

/// <summary>
/// Cluster mode's storage settings refused at start, one line each, never printing the account key:
/// exit code 4 for a value that cannot work, 3 for storage that does not answer (README, "Exit codes").
/// </summary>
public sealed class ClusterStorageTests
{
    // Base64 of "s3cret-azure-key-f00d": what an account key looks like, and what must never be printed.
    private const string Key = "czNjcmV0LWF6dXJlLWtleS1mMDBk";

    [Theory]
    [InlineData($"AccountName=viv;AccountKey={Key}!!")]
    [InlineData($"DefaultEndpointsProtocol=https;AccountKey={Key}")]
    [InlineData(Key)]
    [InlineData($"DefaultEndpointsProtocol=https;AccountName=viv;AccountKey={Key};TableEndpoint=not a uri")]
    public async Task A_malformed_connection_string_stops_the_app_with_one_line_that_never_holds_the_key(string connectionString)
    {
        var refused = await Refused(new() { ["Viv:AzureStorage"] = connectionString });

        refused.ExitCode.Should().Be(4);
        refused.Output.Trim().Should().Be($"Viv cannot start: Viv:AzureStorage is not an Azure Storage connection string: {Expected}");
    }

    private const string Expected = "expected UseDevelopmentStorage=true, DefaultEndpointsProtocol=https;AccountName=...;AccountKey=... "
        + "(or a SAS with its endpoints), or for a managed identity the account's service URI https://<account>.blob.core.windows.net "
        + "(or TableEndpoint=https://...;BlobEndpoint=https://...).";

    private const string NotAServiceUri = "is not an Azure Storage service URI: expected https://<account>.blob.core.windows.net or "
        + "https://<account>.table.core.windows.net (other clouds keep their own suffix).";

    [Theory]
    [InlineData("http://vivtest.blob.core.windows.net", "needs an https service URI to use a managed identity: Azure sends its token only over TLS (or give the account key or a SAS).")]
    [InlineData("https://example.com", NotAServiceUri)]
    [InlineData("https://vivtest.queue.core.windows.net", NotAServiceUri)]
    [InlineData("https://vivtest.blob.core.windows.net/a-container", NotAServiceUri)]
    [InlineData("TableEndpoint=https://vivtest.table.core.windows.net;BlobEndpoint=http://vivtest.blob.core.windows.net",
        "needs an https BlobEndpoint to use a managed identity: Azure sends its token only over TLS (or give the account key or a SAS).")]
    [InlineData("TableEndpoint=https://vivtest.table.core.windows.net", $"is not an Azure Storage connection string: {Expected}")]
    [InlineData("AccountName=vivtest;TableEndpoint=https://vivtest.table.core.windows.net;BlobEndpoint=https://vivtest.blob.core.windows.net",
        $"is not an Azure Storage connection string: {Expected}")]
    public async Task An_account_address_for_a_managed_identity_that_cannot_work_stops_the_app_with_one_line(string setting, string problem)
    {
        var refused = await Refused(new() { ["Viv:AzureStorage"] = setting });

        refused.ExitCode.Should().Be(4);
        refused.Output.Trim().Should().Be($"Viv cannot start: Viv:AzureStorage {problem}");
    }

    [Fact]
    public async Task Without_an_Azure_identity_a_service_uri_stops_the_app_with_exit_code_3_naming_the_account_s_tables()
    {
        var refused = await Refused(new() { ["Viv:AzureStorage"] = "https://vivtest.blob.core.windows.net" });

        refused.ExitCode.Should().Be(3);
        refused.Output.Trim().Should().StartWith(
            "Viv cannot reach Azure Storage at 'https://vivtest.table.core.windows.net/' (Viv:AzureStorage): this process has no Azure identity (").And.NotContain("\n");
    }

    [Fact]
    public async Task An_account_that_does_not_answer_stops_the_app_with_exit_code_3_naming_the_endpoint_and_never_the_key()
    {
        var (tables, blobs) = (VivServer.FreePort(), VivServer.FreePort());
        var refused = await Refused(new()
        {
            ["Viv:AzureStorage"] = $"DefaultEndpointsProtocol=http;AccountName=viv;AccountKey={Key};"
                + $"TableEndpoint=http://127.0.0.1:{tables}/viv;BlobEndpoint=http://127.0.0.1:{blobs}/viv",
        });

        refused.ExitCode.Should().Be(3);
        refused.Output.Should().NotContain(Key);
        refused.Output.Trim().Should().StartWith($"Viv cannot reach Azure Storage at 'http://127.0.0.1:{tables}/viv' (Viv:AzureStorage): ").And.NotContain("\n");
    }

    [Fact]
    public async Task Azure_Storage_and_Redis_together_are_refused_as_a_cluster_keeps_its_state_in_one_place()
    {
        var refused = await Refused(new() { ["Viv:AzureStorage"] = "UseDevelopmentStorage=true", ["Viv:Redis"] = "127.0.0.1:6379" });

        refused.ExitCode.Should().Be(4);
        refused.Output.Trim().Should().Be("Viv cannot start: Set Viv:AzureStorage or Viv:Redis, not both: a cluster keeps its state in one place.");
    }

    [Theory]
    [InlineData("Viv_Prod")]
    [InlineData("viv--prod")]
    [InlineData("-viv")]
    [InlineData("a-cluster-id-that-is-longer-than-forty-characters")]
    public async Task On_Azure_Storage_a_cluster_id_that_cannot_name_blob_containers_is_refused(string clusterId)
    {
        var refused = await Refused(new() { ["Viv:AzureStorage"] = "UseDevelopmentStorage=true", ["Viv:ClusterId"] = clusterId });

        refused.ExitCode.Should().Be(4);
        refused.Output.Trim().Should().Be(
            $"Viv cannot start: Viv:ClusterId must be 1 to 40 lowercase letters, digits and single hyphens on Azure Storage (it names the cluster's blob containers), not \"{clusterId}\".");
    }

    private static async Task<VivDidNotStart> Refused(Dictionary<string, string> settings)
    {
        var start = () => VivServer.Start(settings);
        return (await start.Should().ThrowAsync<VivDidNotStart>()).Which;
    }
}
