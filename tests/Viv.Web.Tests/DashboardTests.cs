using System.Net;

namespace Viv.Web.Tests;

/// <summary>The Orleans dashboard has no authentication of its own; Viv lets only configured administrators in.</summary>
public sealed class DashboardTests(ServerFixture shared)
{
    [Fact]
    public async Task Only_an_administrator_reaches_the_dashboard()
    {
        var boss = VivSession.NewUsername("boss");
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Administrators:0"] = boss, ["Viv:Dashboard"] = "true" });
        using var stranger = new VivSession(server.BaseAddress);
        using var member = new VivSession(server.BaseAddress);
        using var administrator = new VivSession(server.BaseAddress);
        await member.Register(VivSession.NewUsername("member"));
        await administrator.Register(boss.ToUpperInvariant());

        var anonymous = await stranger.Http.GetAsync("/dashboard");
        var forbidden = await member.Http.GetAsync("/dashboard/");
        var allowed = await administrator.Http.GetAsync("/dashboard/");

        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await allowed.Content.ReadAsStringAsync()).Should().Contain("Orleans");
    }

    [Fact]
    // The shared server runs with the test default, Viv:Dashboard=false.
    public async Task With_the_dashboard_off_there_is_no_dashboard_to_reach()
    {
        using var stranger = shared.NewSession();
        using var member = shared.NewSession();
        await member.Register(VivSession.NewUsername("member"));

        (await stranger.Http.GetAsync("/dashboard")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await member.Http.GetAsync("/dashboard/")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
