namespace Viv.Web.Tests;

/// <summary>
/// A bad value in any options class stops the app before it listens, with exit code 4 and one line
/// that names the key (README, "Exit codes"). TURN and ICE combinations are in <see cref="TurnTests"/>.
/// </summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Viv:Calls:RingTimeoutSeconds", "0", "The field Viv:Calls:RingTimeoutSeconds must be between 1 and 600.")]
    [InlineData("Viv:Calls:MaxParticipants", "1", "The field Viv:Calls:MaxParticipants must be between 2 and 25.")]
    [InlineData("Viv:Calls:MaxParticipants", "7", "Viv:Calls:MaxParticipants above 6 needs a media server (Viv:Media:Janus): without one, every browser would send its media to every other.")]
    [InlineData("Viv:Calls:MeshLimit", "7", "The field Viv:Calls:MeshLimit must be between 2 and 6.")]
    [InlineData("Viv:Meetings:EarlyJoinMinutes", "-1", "The field Viv:Meetings:EarlyJoinMinutes must be between 0 and 1440.")]
    [InlineData("Viv:Contacts:MaxPeople", "0", "The field Viv:Contacts:MaxPeople must be between 1 and 1000000.")]
    [InlineData("Viv:Roster:MaxPeople", "500", "The section Viv:Roster is now Viv:Contacts; rename it.")]
    [InlineData("Viv:Tokens:AccessTokenSeconds", "0", "The field Viv:Tokens:AccessTokenSeconds must be between 1 and 86400.")]
    [InlineData("Viv:Limits:InvitationsPerMinute", "0", "The field Viv:Limits:InvitationsPerMinute must be between 1 and 100000.")]
    [InlineData("Viv:Ice:Servers:0:Urls:0", "stun.example.org:3478", "Viv:Ice:Servers:0:Urls must start with stun:, stuns:, turn: or turns:, not \"stun.example.org:3478\".")]
    [InlineData("Viv:Turn:CredentialLifetimeMinutes", "0", "The field Viv:Turn:CredentialLifetimeMinutes must be between 1 and 1440.")]
    [InlineData("Viv:Accounts:PasswordHashIterations", "999", "The field Viv:Accounts:PasswordHashIterations must be between 1000 and 10000000.")]
    [InlineData("Viv:SiloPort", "70000", "The field Viv:SiloPort must be between 1 and 65535.")]
    [InlineData("Viv:AdvertisedIp", "localhost", "Viv:AdvertisedIp must be an IP address, not \"localhost\".")]
    [InlineData("Viv:Metrics", "https://127.0.0.1:9464/", "Viv:Metrics must be an http address with a port of its own and no path, such as http://127.0.0.1:9464/, not \"https://127.0.0.1:9464/\".")]
    [InlineData("Viv:Metrics", "http://127.0.0.1:9464/metrics", "Viv:Metrics must be an http address with a port of its own and no path, such as http://127.0.0.1:9464/, not \"http://127.0.0.1:9464/metrics\".")]
    [InlineData("Viv:Calls:RingTimeoutSeconds", "soon", "Failed to convert configuration value 'soon' at 'Viv:Calls:RingTimeoutSeconds' to type 'System.Int32'.")]
    public async Task A_bad_value_stops_the_app_with_one_line_naming_the_key_and_exit_code_4(string key, string value, string problem)
    {
        var start = () => VivServer.Start(new Dictionary<string, string> { [key] = value });

        var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;

        refused.ExitCode.Should().Be(4);
        refused.Output.Trim().Should().Be($"Viv cannot start: {problem}", "the line is all the app printed");
    }

    [Fact]
    public async Task A_media_server_needs_a_WebSocket_address_both_of_its_secrets_and_a_name_of_its_own()
    {
        var start = () => VivServer.Start(new Dictionary<string, string>
        {
            ["Viv:Media:Janus:0:Url"] = "http://10.0.0.7:8188",
            ["Viv:Media:Janus:0:ApiSecret"] = "secret",
            ["Viv:Media:Janus:0:AdminKey"] = "key",
            ["Viv:Media:Janus:1:Url"] = "ws://10.0.0.8:8188",
            ["Viv:Media:Janus:2:Url"] = "wss://10.0.0.8:8188",
            ["Viv:Media:Janus:2:ApiSecret"] = "secret",
            ["Viv:Media:Janus:2:AdminKey"] = "key",
        });

        var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;

        refused.ExitCode.Should().Be(4);
        refused.Output.Trim().Split('\n').Select(line => line.Trim()).Should().BeEquivalentTo(
            "Viv cannot start: Viv:Media:Janus:0:Url must be a ws:// or wss:// address of a Janus WebSocket transport, not \"http://10.0.0.7:8188\".",
            "Viv cannot start: Viv:Media:Janus:1:ApiSecret is missing: set it to the api_secret of that Janus (deploy/janus/configure.sh's JANUS_API_SECRET).",
            "Viv cannot start: Viv:Media:Janus:1:AdminKey is missing: set it to the admin_key of its VideoRoom plugin (deploy/janus/configure.sh's JANUS_ADMIN_KEY).",
            "Viv cannot start: Viv:Media:Janus names \"10.0.0.8:8188\" twice: give each instance its own Name.");
    }

    [Fact]
    public async Task A_call_of_25_needs_only_a_media_server_configured_not_reachable()
    {
        await using var server = await VivServer.Start(new Dictionary<string, string>
        {
            ["Viv:Media:Janus:0:Url"] = "ws://127.0.0.1:9",
            ["Viv:Media:Janus:0:ApiSecret"] = "secret",
            ["Viv:Media:Janus:0:AdminKey"] = "key",
            ["Viv:Calls:MaxParticipants"] = "25",
        });

        using var probe = new HttpClient { BaseAddress = server.BaseAddress };
        (await probe.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode.Should().BeTrue("Viv started and answers");
    }

    [Fact]
    public async Task Every_bad_value_gets_its_own_line()
    {
        var start = () => VivServer.Start(new Dictionary<string, string>
        {
            ["Viv:Calls:RingTimeoutSeconds"] = "0",
            ["Viv:Meetings:CheckSeconds"] = "0",
        });

        var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;

        refused.ExitCode.Should().Be(4);
        refused.Output.Trim().Split('\n').Select(line => line.Trim()).Should().BeEquivalentTo(
            "Viv cannot start: The field Viv:Calls:RingTimeoutSeconds must be between 1 and 600.",
            "Viv cannot start: The field Viv:Meetings:CheckSeconds must be between 1 and 3600.");
    }
}
