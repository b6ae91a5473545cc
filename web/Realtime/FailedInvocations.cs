using Microsoft.AspNetCore.SignalR;
using Viv.Web.Accounts;

namespace Viv.Web.Realtime;

/// <summary>
/// Logs a hub method that throws, once, with who called it; the caller gets SignalR's generic error.
/// SignalR's own line for the same exception (DefaultHubDispatcher) is turned off in appsettings.json,
/// so it is not written twice.
/// </summary>
public sealed partial class FailedInvocations(ILogger<FailedInvocations> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e)
        {
            LogFailed(e, invocationContext.HubMethodName, invocationContext.Context.User!.UserId());
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} called by {UserId} failed")]
    private partial void LogFailed(Exception exception, string method, Guid userId);
}
