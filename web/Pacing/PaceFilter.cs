using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using Viv.Pacing;
using Viv.Web.Accounts;

namespace Viv.Web.Pacing;

/// <summary>
/// Holds hub methods marked <see cref="PacedAttribute"/> to the caller's budget; over it, the method
/// does not run. An invocation costs one, or the <see cref="IWeighed.Weight"/> of its arguments.
/// </summary>
public sealed class PaceFilter(Paces paces) : IHubFilter
{
    // Every invocation passes here: the attribute is read once per method, not per call.
    private readonly ConcurrentDictionary<MethodInfo, PacedAttribute?> _paced = new();

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next) =>
        _paced.GetOrAdd(invocationContext.HubMethod, method => method.GetCustomAttribute<PacedAttribute>()) is { } paced
            ? Paced(paced.Pace, invocationContext, next)
            : next(invocationContext);

    private async ValueTask<object?> Paced(Pace pace, HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var cost = Math.Max(1, invocationContext.HubMethodArguments.OfType<IWeighed>().Sum(argument => argument.Weight));
        var caller = invocationContext.Context;
        return await paces.Take(pace, caller.User!.UserId(), caller.ConnectionId, cost) is { } wait
            ? SlowDown.After(pace, wait)
            : await next(invocationContext);
    }
}
