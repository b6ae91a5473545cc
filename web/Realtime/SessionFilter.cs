using Microsoft.AspNetCore.SignalR;

namespace Viv.Web.Realtime;

/// <summary>
/// Hands each connection to <see cref="HeldConnections"/> once the hub has it, so that a session's
/// end closes it the way SignalR closes connections, and refuses every invocation on a connection
/// whose session ended: its web node closes it as soon as it hears, and this covers what it sent
/// before the close took hold. A dictionary read, no grain call: signals pass here.
/// </summary>
public sealed class SessionFilter(HeldConnections held) : IHubFilter
{
    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        held.Attach(context.Context);
        return next(context);
    }

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next) =>
        held.IsClosed(invocationContext.Context.ConnectionId)
            ? ValueTask.FromException<object?>(new HubException("This session was signed out."))
            : next(invocationContext);
}
