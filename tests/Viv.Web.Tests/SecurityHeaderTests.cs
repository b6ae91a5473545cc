using System.Net;

namespace Viv.Web.Tests;

/// <summary>Every page, signed in or out, and the API carry the security headers; the session cookie is HttpOnly and SameSite=Lax.</summary>
public sealed class SecurityHeaderTests(ServerFixture fixture)
{
    private static readonly string[] SignedOutPages = ["/Account/Login", "/Account/Register", "/css/site.css", "/api/v1/me", "/no-such-page"];

    private static readonly string[] SignedInPages = ["/", "/Contacts", "/Calls", "/Meetings", "/js/shell/app.js"];

    [Fact]
    public async Task Every_page_and_the_api_carry_the_content_security_policy_and_the_other_headers()
    {
        using var visitor = fixture.NewSession();
        using var member = fixture.NewSession();
        using var registered = await member.Register(VivSession.NewUsername(), "Header Checker");

        foreach (var (session, path) in SignedOutPages.Select(p => (visitor, p)).Concat(SignedInPages.Select(p => (member, p))))
        {
            using var response = await session.Http.GetAsync(path);

            response.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound], path);
            ShouldCarryTheSecurityHeaders(response, path);
        }
        var cookie = registered.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("viv.session=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.Should().Contain("httponly").And.Contain("samesite=lax").And.NotContain("secure", "this request came over plain HTTP");
    }

    internal static void ShouldCarryTheSecurityHeaders(HttpResponseMessage response, string because)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
        var csp = Header("Content-Security-Policy");
        csp.Should().Contain("script-src 'self' 'wasm-unsafe-eval';", because).And.Contain("object-src 'none'", because).And.Contain("frame-ancestors 'none'", because);
        csp.Should().NotContain("unsafe-inline", because).And.NotContain("'unsafe-eval'", because);
        Header("Permissions-Policy").Should().Contain("camera=(self)", because).And.Contain("microphone=(self)", because).And.Contain("display-capture=(self)", because);
        Header("X-Content-Type-Options").Should().Be("nosniff", because);
        Header("Referrer-Policy").Should().Be("no-referrer", because);
        Header("X-Frame-Options").Should().Be("DENY", because);
    }

    [Fact]
    public async Task Behind_a_proxy_that_ended_tls_the_session_cookie_is_secure_and_hsts_is_sent()
    {
        using var member = fixture.NewSession();
        var username = VivSession.NewUsername();
        await member.Register(username, "Proxied Member");
        using var viaProxy = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };

        // The proxy (here, this loopback client) says the visitor came over HTTPS to viv.example.
        using var login = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Username"] = username, ["Password"] = VivSession.Password, ["__RequestVerificationToken"] = await member.Antiforgery("/Account/Login"),
            }),
        };
        login.Headers.Host = "viv.example";
        login.Headers.Add("X-Forwarded-Proto", "https");
        login.Headers.Add("Cookie", string.Join("; ", member.Cookies.GetCookies(fixture.Server.BaseAddress).Select(c => $"{c.Name}={c.Value}")));
        using var answer = await viaProxy.SendAsync(login);

        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        answer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("viv.session=", StringComparison.Ordinal)).ToLowerInvariant()
            .Should().Contain("secure").And.Contain("httponly").And.Contain("samesite=lax");
        answer.Headers.TryGetValues("Strict-Transport-Security", out var hsts).Should().BeTrue();
        hsts!.Single().Should().Contain("max-age=");
    }
}
