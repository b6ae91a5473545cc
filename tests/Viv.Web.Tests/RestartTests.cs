using System.Net;

namespace Viv.Web.Tests;

/// <summary>Embedded mode keeps everything in its data directory: a restarted process knows every account.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Accounts_and_pictures_survive_a_restart_of_the_process()
    {
        await using var server = await VivServer.Start();
        var username = VivSession.NewUsername();
        using (var before = new VivSession(server.BaseAddress))
        {
            await before.Register(username, "Barbara Liskov", picture: (TestImages.Png(), "me.png", "image/png"));
        }

        await server.Restart();

        using var after = new VivSession(server.BaseAddress);
        var login = await after.LogIn(username);
        var home = await after.Http.GetStringAsync("/");
        var src = System.Text.RegularExpressions.Regex.Match(home, "src=\"(/users/[^\"]+/picture\\?v=1)\"").Groups[1].Value;
        var picture = await after.Http.GetByteArrayAsync(src);

        login.StatusCode.Should().Be(HttpStatusCode.Redirect, server.Output);
        home.Should().Contain("Hello, Barbara Liskov");
        TestImages.IsWebP(picture).Should().BeTrue();
    }
}
