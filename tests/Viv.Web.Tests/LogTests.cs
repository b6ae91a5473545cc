using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// What a person reads in the console: Viv's own lines, each security event once at its level
/// (docs/operations.md, "Logs"), library internals only from Warning up, and never a secret.
/// </summary>
public sealed class LogTests(ServerFixture fixture)
{
    private const string WrongPassword = "wrong-horse-battery-7f3a";

    private VivServer Server => fixture.Server;

    [Fact]
    public async Task The_first_minute_holds_Viv_s_own_lines_and_no_Polly_or_Orleans_information()
    {
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        await using var alice = await HubUser.SignIn(server, "Alice First");
        await using var bob = await HubUser.SignIn(server, "Bob First");
        await alice.BecomeContacts(bob);
        var call = await alice.Hub.InvokeAsync<JsonElement>("StartCall", bob.Id, "video");
        var answer = await bob.Hub.InvokeAsync<JsonElement>("AnswerCall", call.GetProperty("callId").GetGuid(), true);
        using var stranger = new VivSession(server.BaseAddress);
        await using var signedOut = stranger.Hub();
        await using var forged = HubConnections.To(server.BaseAddress, o => o.AccessTokenProvider = () => Task.FromResult<string?>("forged"));
        foreach (var refused in new[] { signedOut, forged })
        {
            var connect = () => refused.StartAsync();
            await connect.Should().ThrowAsync<WebSocketException>().WithMessage("*401*");
        }

        var log = await LogSoFar(server);

        answer.GetProperty("ok").GetBoolean().Should().BeTrue("grains of every kind are active now");
        log.Where(e => e.Level is "trce" or "dbug" or "info" && (e.Category.StartsWith("Polly", StringComparison.Ordinal) || e.Category.StartsWith("Orleans", StringComparison.Ordinal)))
            .Should().BeEmpty("Polly and Orleans write from Warning up by default:\n{0}", server.Output);
        log.Where(e => e.Level == "info").Select(e => e.Category).Distinct().Should().OnlyContain(
            c => c.StartsWith("Viv.", StringComparison.Ordinal) || c == "Microsoft.Hosting.Lifetime", "information comes from Viv itself:\n{0}", server.Output);
        log.Where(e => e.Level == "info" && e.Message == "Hub connection from 127.0.0.1 refused: not signed in").Should().HaveCount(2, "each refused connection is one line");
        log.Should().NotContain(e => e.Category == "Viv.Web.Accounts.BearerAuthentication", "the forged token's refusal is not told again by the authentication handler");
    }

    [Fact]
    public async Task A_redis_password_is_never_printed_when_redis_cannot_be_reached()
    {
        var port = VivServer.FreePort();
        var start = () => VivServer.Start(new Dictionary<string, string> { ["Viv:Redis"] = $"127.0.0.1:{port},password=s3cret-redis-f00d" });

        var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;

        refused.ExitCode.Should().Be(3);
        refused.Output.Should().NotContain("s3cret-redis-f00d");
        refused.Output.Trim().Should().StartWith($"Viv cannot reach Redis at '127.0.0.1:{port},password=*****' (Viv:Redis): ").And.NotContain("\n");
    }

    [Fact]
    public async Task A_failed_sign_in_is_one_information_line_without_the_password()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();
        await session.Register(username);
        await session.LogOut();

        await session.LogIn(username, WrongPassword);
        var log = await LogSoFar(Server);

        Mentioning(log, username).Should().ContainSingle().Which.Should().BeEquivalentTo(
            new LogEntry("info", "Viv.Accounts.UserGrain", $"Sign-in as {username} refused: wrong password or no such account (1 in a row)"));
        Server.Output.Should().NotContain(WrongPassword);
    }

    [Fact]
    public async Task A_lockout_is_one_warning_line_without_the_password()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();
        await session.Register(username);
        await session.LogOut();

        for (var i = 0; i < 5; i++)
        {
            await session.LogIn(username, WrongPassword);
        }
        await session.LogIn(username);
        var mine = Mentioning(await LogSoFar(Server), username);

        mine.Where(e => e.Level == "warn").Should().ContainSingle().Which.Message.Should().MatchRegex($"^{username} locked out until .+ after 5 wrong passwords in a row$");
        mine.Select(e => e.Level).Should().Equal("info", "info", "info", "info", "warn", "info");
        mine.Last().Message.Should().StartWith($"Sign-in as {username} refused: locked out until ", "the right password while locked is refused too");
        Server.Output.Should().NotContain(WrongPassword).And.NotContain(VivSession.Password);
    }

    [Fact]
    public async Task A_reused_refresh_token_is_one_warning_line_without_the_token()
    {
        using var client = await ApiClient.Register(Server.BaseAddress, "Log Rotator");
        var first = client.RefreshToken;
        using (var refreshed = await client.Http.PostAsJsonAsync("/api/v1/tokens/refresh", new { refreshToken = first }))
        {
            await client.Keep(refreshed);
        }

        using var replay = await client.Http.PostAsJsonAsync("/api/v1/tokens/refresh", new { refreshToken = first });
        var log = await LogSoFar(Server);

        replay.StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
        Mentioning(log, client.Id.ToString()).Should().ContainSingle().Which.Should().Match<LogEntry>(e =>
            e.Level == "warn" && e.Category == "Viv.Accounts.DeviceSessionGrain" && e.Message.EndsWith("was used twice, so it may have been copied: the session is revoked", StringComparison.Ordinal));
        Server.Output.Should().NotContain(first).And.NotContain(client.RefreshToken).And.NotContain(client.AccessToken);
    }

    [Fact]
    public async Task A_budget_refusal_on_the_hub_is_one_information_line()
    {
        await using var user = await HubUser.SignIn(Server, "Log Searcher");
        var refusals = 0;
        for (var i = 0; i < 200 && refusals == 0; i++)
        {
            var reply = await user.Hub.InvokeAsync<JsonElement>("Search", "ada", 0);
            refusals += reply.TryGetProperty("retryAfterSeconds", out _) ? 1 : 0;
        }

        var log = await LogSoFar(Server);

        refusals.Should().Be(1, "the searches went well over the budget of 60");
        Mentioning(log, user.Id.ToString("N")).Should().ContainSingle().Which.Should().Match<LogEntry>(e =>
            e.Level == "info" && e.Category == "Viv.Web.Pacing.Paces" && e.Message.StartsWith($"{user.Id:N} is over the Searches budget of 60 a minute: slowed down for ", StringComparison.Ordinal));
    }

    /// <summary>Viv's own entries about someone (Orleans' warnings about slow grains name them too).</summary>
    private static List<LogEntry> Mentioning(IEnumerable<LogEntry> log, string who) =>
        [.. log.Where(e => e.Category.StartsWith("Viv.", StringComparison.Ordinal) && e.Message.Contains(who, StringComparison.Ordinal))];

    /// <summary>
    /// The log up to now. A sign-in for a made-up name is logged after every line of what the test
    /// did before it (one console queue, in order), so once its line is out, all of those are.
    /// </summary>
    private static async Task<IReadOnlyList<LogEntry>> LogSoFar(VivServer server)
    {
        var marker = VivSession.NewUsername("mark");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var refused = await http.PostAsJsonAsync("/api/v1/tokens", new { username = marker, password = WrongPassword });
        await server.Printed(marker).WaitAsync(TimeSpan.FromSeconds(30));
        return server.Log;
    }
}
