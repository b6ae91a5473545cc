using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Viv.Web.Hosting;

/// <summary>
/// While the node cannot reach Redis or the cluster, requests get a quick 503 with Retry-After
/// instead of hanging on grain calls. Readiness is checked at most once a second, not per request.
/// </summary>
public sealed class ReadinessGate(RequestDelegate next, HealthCheckService health)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    private static readonly PathString[] Exempt = ["/healthz", "/readyz", .. StaticShell.Paths];
    private int _checking;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private bool _ready = true;

    public async Task InvokeAsync(HttpContext context)
    {
        // Health endpoints answer for themselves (liveness must stay 200 while Redis is away), and
        // static files need no cluster.
        if (Exempt.Any(prefix => context.Request.Path.StartsWithSegments(prefix)))
        {
            await next(context);
            return;
        }
        if (!await Ready(context.RequestAborted))
        {
            await Unavailable(context, retryAfterSeconds: 5);
            return;
        }
        await next(context);
    }

    /// <summary>The answer while the cluster cannot serve: 503 with Retry-After, so a person or a client tries again.</summary>
    public static async Task Unavailable(HttpContext context, int retryAfterSeconds)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = $"{retryAfterSeconds}";
        await context.Response.WriteAsync("Viv cannot reach its cluster right now. Try again in a few seconds.");
    }

    private async Task<bool> Ready(CancellationToken cancellation)
    {
        if (DateTimeOffset.UtcNow - _checkedAt < CheckEvery || Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return _ready;
        }
        try
        {
            var report = await health.CheckHealthAsync(check => check.Tags.Contains("ready"), cancellation);
            _ready = report.Status == HealthStatus.Healthy;
            _checkedAt = DateTimeOffset.UtcNow;
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
        return _ready;
    }
}
