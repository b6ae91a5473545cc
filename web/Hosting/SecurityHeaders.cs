namespace Viv.Web.Hosting;

/// <summary>
/// Headers every answer carries. The pages have no inline script or style, so the
/// Content-Security-Policy allows only Viv's own files: a name or title that smuggles in markup
/// still cannot run anything. Camera, microphone and screen capture are for Viv's own pages only.
/// </summary>
public static class SecurityHeaders
{
    // data: for the icons Pico's stylesheet draws; blob: for pictures received over a call's data channel;
    // 'wasm-unsafe-eval' to compile the noise suppressor's WebAssembly, Viv's own file (JavaScript's eval stays refused).
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()";

    public static Task Add(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        // The Orleans dashboard (administrators only) is a third-party single-page app with inline code of its own.
        if (!context.Request.Path.StartsWithSegments("/dashboard"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return next(context);
    }
}
