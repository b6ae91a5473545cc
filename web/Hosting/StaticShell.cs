namespace Viv.Web.Hosting;

/// <summary>
/// Viv's own files under wwwroot: the shell that the service worker keeps for offline use. They
/// need no cluster, so they are served even while the node is not ready (a service worker that is
/// installing then still finds every file it keeps).
/// </summary>
public static class StaticShell
{
    public const string ServiceWorker = "/sw.js";

    public static readonly PathString[] Paths = ["/lib", "/css", "/js", "/icons", ServiceWorker, "/manifest.webmanifest", "/offline.html"];

    /// <summary>
    /// The service worker script is revalidated on every request (browsers otherwise allow a worker
    /// script up to a day in the HTTP cache), so a new version reaches people at their next visit.
    /// </summary>
    public static readonly StaticFileOptions Options = new()
    {
        OnPrepareResponse = file =>
        {
            if (file.Context.Request.Path == ServiceWorker)
            {
                file.Context.Response.Headers.CacheControl = "no-cache";
            }
        },
    };
}
