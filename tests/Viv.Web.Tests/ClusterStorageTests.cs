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
        refused.Output.Trim().Should().Be(
            "Viv cannot start: Viv:AzureStorage is not an Azure Storage connection string: expected UseDevelopmentStorage=true or "
            + "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=... (or a SAS with its endpoints).");
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
