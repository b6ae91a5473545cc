using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Viv.Web.Calls;

namespace Viv.Web.Tests;

/// <summary>TURN credentials from the hub, checked by a real coturn, and configurations that cannot work refused at start.</summary>
public sealed class TurnTests(TurnTests.Relay relay) : IClassFixture<TurnTests.Relay>
{
    /// <summary>
    /// One coturn and one Viv that hands out its credentials, for the class: started for each test,
    /// they made this the web tier's longest class (9 tests, 157 s one after another).
    /// </summary>
    public sealed class Relay : IAsyncLifetime
    {
        public TurnServer Turn { get; private set; } = null!;

        public VivServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Turn = await TurnServer.Start();
            Server = await VivServer.Start(Turn.Settings);
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Turn.DisposeAsync();
        }
    }

    [Fact]
    public void Credentials_follow_the_turn_rest_api_scheme()
    {
        // Computed independently: base64(HMAC-SHA1("north-wind", "1767225600:0123456789abcdef0123456789abcdef")) with Python's hmac module; 1767225600 is 2026-01-01T00:00:00Z.
        var issued = TurnCredentials.Issue("north-wind", Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"), DateTimeOffset.FromUnixTimeSeconds(1767225600));

        issued.Should().Be(("1767225600:0123456789abcdef0123456789abcdef", "eGbjiynFokqAz2jDR6W46n16L+E="));
    }

    [Fact]
    public async Task A_signed_in_user_gets_credentials_of_their_own_that_coturn_accepts_and_expired_or_forged_ones_it_refuses()
    {
        await using var user = await HubUser.SignIn(relay.Server, "Turn User");

        var before = DateTimeOffset.UtcNow;
        var configuration = await user.Hub.InvokeAsync<JsonElement>("IceConfiguration", TestContext.Current.CancellationToken);
        var turn = configuration.GetProperty("iceServers").EnumerateArray().Single();
        var (username, credential) = (turn.GetProperty("username").GetString()!, turn.GetProperty("credential").GetString()!);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture));
        var expired = TurnCredentials.Issue(relay.Turn.Secret, user.Id, DateTimeOffset.UtcNow.AddMinutes(-1));

        configuration.GetProperty("iceTransportPolicy").GetString().Should().Be("all");
        turn.GetProperty("urls").EnumerateArray().Select(u => u.GetString()).Should().Equal(relay.Turn.Settings["Viv:Turn:Urls:0"], relay.Turn.Settings["Viv:Turn:Urls:1"]);
        username.Should().EndWith($":{user.Id:N}");
        expires.Should().BeCloseTo(before.AddHours(1), TimeSpan.FromMinutes(1));
        (await relay.Turn.Allocates(username, credential)).Should().BeTrue("coturn recomputes the same credential from the shared secret");
        (await relay.Turn.Allocates(expired.Username, expired.Credential)).Should().BeFalse("an expired credential is refused even when correctly signed");
        (await relay.Turn.Allocates(username, "Zm9yZ2VkIGNyZWRlbnRpYWw=")).Should().BeFalse("a forged credential is refused");
        var otherSecret = TurnCredentials.Issue("not-the-secret", user.Id, expires);
        (await relay.Turn.Allocates(otherSecret.Username, otherSecret.Credential)).Should().BeFalse("a credential signed with another secret is refused");
    }

    [Fact]
    public async Task Each_call_fetches_new_credentials_and_signed_out_clients_get_none()
    {
        await using var user = await HubUser.SignIn(relay.Server, "Turn Again");
        var first = await user.Hub.InvokeAsync<JsonElement>("IceConfiguration", TestContext.Current.CancellationToken);
        await Task.Delay(1100, TestContext.Current.CancellationToken);
        var second = await user.Hub.InvokeAsync<JsonElement>("IceConfiguration", TestContext.Current.CancellationToken);
        using var stranger = new VivSession(relay.Server.BaseAddress);
        using var anonymous = await stranger.Http.GetAsync("/hub", TestContext.Current.CancellationToken);

        Username(second).Should().NotBe(Username(first), "the expiry moves on with every request");
        anonymous.StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
    }

    private static string Username(JsonElement configuration) =>
        configuration.GetProperty("iceServers")[0].GetProperty("username").GetString()!;

    [Theory]
    [InlineData("Viv:Turn:Secret", "", "Viv:Turn:Secret is missing or empty")]
    [InlineData("Viv:Turn:Secret", "   ", "Viv:Turn:Secret is missing or empty")]
    [InlineData("Viv:Ice:TransportPolicy", "everything", "Viv:Ice:TransportPolicy must be \"all\" or \"relay\"")]
    [InlineData("Viv:Turn:Urls:0", "stun:127.0.0.1:3478", "Viv:Turn:Urls must start with turn: or turns:")]
    [InlineData("Viv:Turn:CredentialLifetimeMinutes", "0", "Viv:Turn:CredentialLifetimeMinutes must be between 1 and 1440")]
    public async Task A_turn_configuration_that_cannot_work_stops_the_app_with_a_clear_message(string key, string value, string message)
    {
        var settings = new Dictionary<string, string> { ["Viv:Turn:Urls:0"] = "turn:127.0.0.1:3478", ["Viv:Turn:Secret"] = "s3cret", [key] = value };

        var start = () => VivServer.Start(settings);

        var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;
        refused.ExitCode.Should().Be(4);
        refused.Output.Should().Contain("Viv cannot start: ").And.Contain(message);
    }

    [Fact]
    public async Task Relay_only_without_a_turn_server_stops_the_app_with_a_clear_message()
    {
        var start = () => VivServer.Start(new Dictionary<string, string> { ["Viv:Ice:TransportPolicy"] = "relay" });

        var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;
        refused.ExitCode.Should().Be(4);
        refused.Output.Should().Contain("no TURN server is configured");
    }
}
