using System.Net;

namespace Viv.Web.Tests;

public sealed class SignInTests(ServerFixture fixture)
{
    [Fact]
    public async Task Log_out_then_log_in_again_shows_the_same_account()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();
        await session.Register(username, "Radia Perlman");

        var loggedOut = await session.LogOut();
        var signedOutHome = await session.Http.GetStringAsync("/");
        var loggedIn = await session.LogIn(username.ToUpperInvariant());

        loggedOut.Headers.Location!.OriginalString.Should().Be("/Account/Login");
        signedOutHome.Should().NotContain("Radia Perlman").And.Contain("Log in");
        loggedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await session.Http.GetStringAsync("/")).Should().Contain("Hello, Radia Perlman");
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_read_the_same()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();
        await session.Register(username);
        await session.LogOut();

        var wrongPassword = await session.LogIn(username, "not the password");
        var unknownUser = await session.LogIn(VivSession.NewUsername("ghost"));

        wrongPassword.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unknownUser.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await VivSession.Alert(wrongPassword)).Should().Be("Wrong username or password.");
        (await VivSession.Alert(unknownUser)).Should().Be("Wrong username or password.");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();
        await session.Register(username);
        await session.LogOut();
        for (var i = 0; i < 5; i++)
        {
            await session.LogIn(username, "wrong password");
        }

        var right = await session.LogIn(username);

        right.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await VivSession.Alert(right)).Should().Be("Too many failed attempts. Try again in 5 minutes.");
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored()
    {
        var username = VivSession.NewUsername();
        using var session = fixture.NewSession();
        await session.Register(username);
        await session.LogOut();

        var response = await session.LogIn(username, returnUrl: "https://evil.example/steal");

        response.Headers.Location!.OriginalString.Should().Be("/");
    }

    [Fact]
    public async Task Pictures_are_only_for_signed_in_people()
    {
        using var session = fixture.NewSession();
        await session.Register(VivSession.NewUsername());
        var src = System.Text.RegularExpressions.Regex.Match(await session.Http.GetStringAsync("/"), "src=\"(/users/[^\"]+/picture[^\"]*)\"").Groups[1].Value;
        using var stranger = fixture.NewSession();

        var response = await stranger.Http.GetAsync(src);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_lax()
    {
        using var session = fixture.NewSession();

        var response = await session.Register(VivSession.NewUsername());

        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("viv.session=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.Ordinal));
    }
}
