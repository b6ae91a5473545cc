using System.Net;
using System.Net.WebSockets;

namespace Viv.Web.Tests;

/// <summary>
/// Cross-site WebSocket hijacking: a page on another site that opens Viv's hub in a signed-in
/// visitor's browser is refused, whatever the cookie's SameSite does; Viv's own pages and native
/// clients (which send no Origin) get in.
/// </summary>
public sealed class HubOriginTests(ServerFixture fixture)
{
    private Uri Viv => fixture.Server.BaseAddress;

    private string ThisSite => Viv.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task A_page_on_another_site_is_refused_the_hub_and_this_sites_pages_and_native_clients_get_in()
    {
        using var member = fixture.NewSession();
        await member.Register(VivSession.NewUsername(), "Origin Checker");
        var anotherPort = new UriBuilder(Viv) { Port = Viv.Port + 1 }.Uri.GetLeftPart(UriPartial.Authority);

        (await Negotiate(member, origin: null)).Should().Be(HttpStatusCode.OK, "a native client sends no Origin");
        (await Negotiate(member, ThisSite)).Should().Be(HttpStatusCode.OK);
        (await Negotiate(member, ThisSite.ToUpperInvariant())).Should().Be(HttpStatusCode.OK, "host names ignore case");
        (await Negotiate(member, "https://evil.example")).Should().Be(HttpStatusCode.Forbidden);
        (await Negotiate(member, anotherPort)).Should().Be(HttpStatusCode.Forbidden, "another port is another site");
        (await Negotiate(member, "null")).Should().Be(HttpStatusCode.Forbidden, "a sandboxed page or a file says null");
        (await Upgrade(member, "https://evil.example")).Should().Be(HttpStatusCode.Forbidden);
        (await Upgrade(member, ThisSite)).Should().Be(HttpStatusCode.SwitchingProtocols);
    }

    [Fact]
    public async Task Behind_a_proxy_this_site_is_the_host_the_proxy_forwarded()
    {
        using var member = fixture.NewSession();
        await member.Register(VivSession.NewUsername(), "Proxied Origin Checker");

        // The proxy (here, this loopback client) says the visitor asked for viv.example over HTTPS.
        (await Negotiate(member, "https://viv.example", forwardedHost: "viv.example")).Should().Be(HttpStatusCode.OK);
        (await Negotiate(member, "https://evil.example", forwardedHost: "viv.example")).Should().Be(HttpStatusCode.Forbidden);
        (await Negotiate(member, "https://viv.example")).Should().Be(HttpStatusCode.Forbidden, "without the forwarded host this is another site");
    }

    private static async Task<HttpStatusCode> Negotiate(VivSession session, string? origin, string? forwardedHost = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hub/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (forwardedHost is not null)
        {
            request.Headers.Add("X-Forwarded-Host", forwardedHost);
            request.Headers.Add("X-Forwarded-Proto", "https");
        }
        using var answer = await session.Http.SendAsync(request);
        return answer.StatusCode;
    }

    /// <summary>The WebSocket handshake straight to the hub, as a page's <c>new WebSocket()</c> makes it.</summary>
    private async Task<HttpStatusCode> Upgrade(VivSession session, string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = session.Cookies;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(new UriBuilder(Viv) { Scheme = "ws", Path = "/hub" }.Uri, CancellationToken.None);
            socket.Abort();
        }
        catch (WebSocketException)
        {
            // Refused: the status the server answered is kept below.
        }
        return socket.HttpStatusCode;
    }
}
