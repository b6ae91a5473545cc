using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Viv.Web.Tests;

/// <summary>Bearer tokens for native clients: sign in, refresh with rotation, sign out, and every way a token can be bad.</summary>
public sealed class ApiTokenTests(ServerFixture fixture)
{
    private Uri Viv => fixture.Server.BaseAddress;

    [Fact]
    public async Task A_password_gives_tokens_that_open_the_api_and_a_wrong_one_reads_like_an_unknown_user()
    {
        using var client = await ApiClient.Register(Viv, "Token Holder");
        using var anonymous = new HttpClient { BaseAddress = Viv };

        var me = await client.Get("/api/v1/me");
        using var wrong = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = client.Username, password = "not the password" });
        using var unknown = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "not the password" });

        me.GetProperty("id").GetGuid().Should().Be(client.Id);
        me.GetProperty("username").GetString().Should().Be(client.Username);
        me.GetProperty("fullName").GetString().Should().Be("Token Holder");
        (await ApiProblems.Read(wrong)).Should().Be((HttpStatusCode.Unauthorized, "invalid_credentials"));
        (await ApiProblems.Read(unknown)).Should().Be((HttpStatusCode.Unauthorized, "invalid_credentials"));
        Detail(await wrong.Content.ReadAsStringAsync()).Should().Be(Detail(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_a_second_use_revokes_the_whole_session()
    {
        using var client = await ApiClient.Register(Viv, "Rotating Holder");
        var (firstAccess, firstRefresh) = (client.AccessToken, client.RefreshToken);

        using (var refreshed = await Refresh(firstRefresh))
        {
            await client.Keep(refreshed);
        }
        var works = await client.Get("/api/v1/me");
        var replay = await ApiProblems.Of(Refresh(firstRefresh));
        var newestAfterReplay = await ApiProblems.Of(Refresh(client.RefreshToken));
        var accessAfterReplay = await ApiProblems.Of(client.Send(HttpMethod.Get, "/api/v1/me"));
        var oldAccessAfterReplay = await ApiProblems.Of(client.Send(HttpMethod.Get, "/api/v1/me", token: firstAccess));

        client.RefreshToken.Should().NotBe(firstRefresh);
        works.GetProperty("id").GetGuid().Should().Be(client.Id);
        replay.Should().Be((HttpStatusCode.Unauthorized, "refresh_token_reused"));
        newestAfterReplay.Should().Be((HttpStatusCode.Unauthorized, "session_revoked"));
        accessAfterReplay.Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
        oldAccessAfterReplay.Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
    }

    [Fact]
    public async Task Signing_out_revokes_the_access_and_refresh_tokens_and_leaves_other_sessions_alone()
    {
        using var phone = await ApiClient.Register(Viv, "Two Devices");
        using var tablet = new HttpClient { BaseAddress = Viv };
        using var second = await tablet.PostAsJsonAsync("/api/v1/tokens", new { username = phone.Username, password = VivSession.Password });
        var tabletAccess = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        using var signedOut = await phone.Send(HttpMethod.Delete, "/api/v1/tokens/current");

        signedOut.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ApiProblems.Of(phone.Send(HttpMethod.Get, "/api/v1/me"))).Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
        (await ApiProblems.Of(Refresh(phone.RefreshToken))).Should().Be((HttpStatusCode.Unauthorized, "session_revoked"));
        using var tabletStillIn = await phone.Send(HttpMethod.Get, "/api/v1/me", token: tabletAccess);
        tabletStillIn.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Forged_tampered_missing_and_cookie_credentials_get_401_problems_and_the_hub_refuses_a_forged_token()
    {
        using var client = await ApiClient.Register(Viv, "Forgery Target");
        var tampered = client.AccessToken[..^4] + (client.AccessToken[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using var session = fixture.NewSession();
        await session.Register(VivSession.NewUsername(), "Cookie Holder");

        (await ApiProblems.Of(client.Send(HttpMethod.Get, "/api/v1/me", token: tampered))).Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
        (await ApiProblems.Of(client.Send(HttpMethod.Get, "/api/v1/me", token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."))).Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
        (await ApiProblems.Of(new HttpClient { BaseAddress = Viv }.GetAsync("/api/v1/me"))).Should().Be((HttpStatusCode.Unauthorized, "unauthenticated"));
        (await ApiProblems.Of(new HttpClient { BaseAddress = Viv }.GetAsync($"/api/v1/me?access_token={client.AccessToken}")))
            .Should().Be((HttpStatusCode.Unauthorized, "unauthenticated"), "only the hub reads a token from the URL, where logs would keep it");
        (await ApiProblems.Of(session.Http.GetAsync("/api/v1/me"))).Should().Be((HttpStatusCode.Unauthorized, "unauthenticated"), "a cookie must not work on the API, or any site could ride it");
        (await ApiProblems.Of(Refresh(client.RefreshToken[..33] + "forged-secret"))).Should().Be((HttpStatusCode.Unauthorized, "invalid_refresh_token"));
        (await ApiProblems.Of(Refresh("not-a-refresh-token"))).Should().Be((HttpStatusCode.Unauthorized, "invalid_refresh_token"));
        await using var forgedHub = client.Hub(tampered);
        var refused = async () => await forgedHub.StartAsync();
        (await refused.Should().ThrowAsync<System.Net.WebSockets.WebSocketException>()).WithMessage("*'401'*");
        (await client.Get("/api/v1/me")).GetProperty("id").GetGuid().Should().Be(client.Id, "a forged refresh token must not revoke the real session");
    }

    [Fact]
    public async Task Bad_sign_in_bodies_are_400_problems_and_repeated_failures_lock_with_retry_after()
    {
        using var client = await ApiClient.Register(Viv, "Locked Holder");
        using var anonymous = new HttpClient { BaseAddress = Viv };
        Task<HttpResponseMessage> Raw(string json) => anonymous.PostAsync("/api/v1/tokens", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        (await ApiProblems.Of(Raw("""{"username": 42, "password": "x"}"""))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await ApiProblems.Of(Raw("""{"username": "a"}"""))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await ApiProblems.Of(Raw("""{"username": null, "password": "x"}"""))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await ApiProblems.Of(Raw($$"""{"username": "{{client.Username}}", "password": "x", "admin": true}"""))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await ApiProblems.Of(Raw("{not json"))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await ApiProblems.Of(Raw($$"""{"username": "{{new string('a', 1024 * 1024)}}", "password": "x"}"""))).Should().Be((HttpStatusCode.RequestEntityTooLarge, "body_too_large"));
        (await ApiProblems.Of(anonymous.PostAsync("/api/v1/tokens", new StringContent("username=a&password=b", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"))))
            .Should().Be((HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"));
        for (var i = 0; i < 5; i++)
        {
            using var failed = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = client.Username, password = "wrong password" });
        }
        using var locked = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = client.Username, password = VivSession.Password });

        (await ApiProblems.Read(locked)).Should().Be(((HttpStatusCode)429, "locked_out"));
        locked.Headers.RetryAfter!.Delta!.Value.Should().BePositive();
    }

    [Fact]
    public async Task An_expired_access_token_is_refused_and_the_refresh_token_still_gets_a_new_one()
    {
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Tokens:AccessTokenSeconds"] = "1" });
        using var client = await ApiClient.Register(server.BaseAddress, "Short Lived");
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var expired = await ApiProblems.Of(client.Send(HttpMethod.Get, "/api/v1/me"));
        using (var refreshed = await client.Http.PostAsJsonAsync("/api/v1/tokens/refresh", new { refreshToken = client.RefreshToken }))
        {
            await client.Keep(refreshed);
        }

        expired.Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
        (await client.Get("/api/v1/me")).GetProperty("id").GetGuid().Should().Be(client.Id);
    }

    private async Task<HttpResponseMessage> Refresh(string refreshToken)
    {
        using var anonymous = new HttpClient { BaseAddress = Viv };
        return await anonymous.PostAsJsonAsync("/api/v1/tokens/refresh", new { refreshToken });
    }

    private static string? Detail(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString();
}
