namespace Viv.Web.Hosting;

/// <summary>
/// A grain call that fails because the silo holding the grain just died is the cluster recovering,
/// not a fault of the request: until the cluster declares the silo dead (a few seconds), calls to it
/// are rejected at once. The request gets 503 with Retry-After, and the log one warning, instead of a
/// 500 and an error (measured: after a kill -9 of one of two silos, 19 of 20 sign-ins through the API
/// answered 500 for 0.8 s, and all 20 were signed in again 3.4-3.8 s after the kill).
/// </summary>
public sealed partial class SiloLoss(RequestDelegate next, ILogger<SiloLoss> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsSiloLoss(e) && !context.Response.HasStarted)
        {
            LogSiloLost(context.Request.Method, context.Request.Path, e.GetType().Name, e.Message);
            await ReadinessGate.Unavailable(context, retryAfterSeconds: 2);
        }
    }

    private static bool IsSiloLoss(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException
        || e.InnerException is { } inner && IsSiloLoss(inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: a silo it needed is gone ({Exception}: {Reason})")]
    private partial void LogSiloLost(string method, string path, string exception, string reason);
}
