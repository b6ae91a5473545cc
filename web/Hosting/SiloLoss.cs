namespace Viv.Web.Hosting;

/// <summary>
/// A grain call that fails because the silo holding the grain just died is the cluster recovering,
/// not a fault of the request: until the cluster declares the silo dead (a few seconds), calls to it
/// are rejected at once. A request that only reads (GET, HEAD) is tried once more after a moment, which
/// reaches the grain's new activation once the cluster has moved on; any other request, or a read whose
/// second try fails too, gets 503 with Retry-After, and the log a warning for each try, instead of a 500 and an
/// error (measured: after a kill -9 of one of two silos, 19 of 20 sign-ins through the API answered 500
/// for 0.8 s, and all 20 were signed in again 3.4-3.8 s after the kill). A write is never tried again
/// here: part of it may have happened before the failing call.
/// </summary>
public sealed partial class SiloLoss(RequestDelegate next, ILogger<SiloLoss> logger)
{
    /// <summary>How long a read waits before its second try: the time the cluster needed to take over a dead silo's grains was 0.2-2.6 s.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? context.Response.Headers.ToList()
            : null;
        for (var tries = 1; ; tries++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception e) when (IsSiloLoss(e) && !context.Response.HasStarted)
            {
                if (headers is null || tries == 2)
                {
                    LogSiloLost(context.Request.Method, context.Request.Path, e.GetType().Name, e.Message);
                    await ReadinessGate.Unavailable(context, retryAfterSeconds: 2);
                    return;
                }
                LogTryingAgain(context.Request.Method, context.Request.Path, e.GetType().Name);
                await Task.Delay(RetryAfter, context.RequestAborted);
                StartOver(context, headers);
            }
        }
    }

    /// <summary>The request as it reached this middleware: no endpoint chosen, no route values, only the headers set before it.</summary>
    private static void StartOver(HttpContext context, List<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> headers)
    {
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.Clear();
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
    }

    /// <summary>
    /// Also a web node's gateway connection to the dead silo failing (ConnectionFailedException): seen
    /// as 500s for about a second after a silo's kill until the client stopped choosing that gateway.
    /// </summary>
    private static bool IsSiloLoss(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException
        || e.InnerException is { } inner && IsSiloLoss(inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: a silo it needed is gone ({Exception}: {Reason})")]
    private partial void LogSiloLost(string method, string path, string exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} is tried once more: a silo it needed is gone ({Exception})")]
    private partial void LogTryingAgain(string method, string path, string exception);
}
