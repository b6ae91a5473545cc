using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Viv.Web.Realtime;

/// <summary>
/// Logs a hub connection refused for want of a sign-in (no cookie, or an access token that is
/// invalid, expired or revoked), once; the answer itself is the default one (401).
/// </summary>
public sealed partial class RefusedConnections(ILogger<RefusedConnections> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _answer = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Succeeded && context.Request.Path.StartsWithSegments(RealtimeSetup.HubPath))
        {
            LogRefused(context.Connection.RemoteIpAddress);
        }
        return _answer.HandleAsync(next, context, policy, authorizeResult);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub connection from {RemoteAddress} refused: not signed in")]
    private partial void LogRefused(System.Net.IPAddress? remoteAddress);
}
