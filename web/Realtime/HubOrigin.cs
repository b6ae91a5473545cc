namespace Viv.Web.Realtime;

/// <summary>
/// Refuses a hub request (negotiate or WebSocket upgrade) that another website's page makes: a
/// browser always says which page opened it in <c>Origin</c>, and WebSockets are not bound by
/// CORS, so without this a page elsewhere could speak the hub as its visitor (cross-site WebSocket
/// hijacking) wherever the session cookie went along. Native clients send no <c>Origin</c> and
/// pass. The host compared is the one the trusted proxy forwarded (<see cref="Hosting.ReverseProxy"/>).
/// </summary>
public static class HubOrigin
{
    public static Task Check(HttpContext context, RequestDelegate next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsThisSite(origin, context.Request.Host))
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    /// <summary>The same host, and the same port (a default port in the origin matches a host that names none).</summary>
    private static bool IsThisSite(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase)
        && (host.Port is { } port ? uri.Port == port : uri.IsDefaultPort);
}
