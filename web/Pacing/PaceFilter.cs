using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using Viv.Web.Accounts;

namespace Viv.Web.Pacing;

/// <summary>Holds hub methods marked <see cref="PacedAttribute"/> to the caller's budget; over it, the method does not run.</summary>
public sealed class PaceFilter(Paces paces) : IHubFilter
{
    // Every invocation passes here, signals included: the attribute is read once per method, not per call.
    private readonly ConcurrentDictionary<MethodInfo, PacedAttribute?> _paced = new();

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next) =>
        _paced.GetOrAdd(invocationContext.HubMethod, method => method.GetCustomAttribute<PacedAttribute>()) is { } paced
            ? Paced(paced.Pace, invocationContext, next)
            : next(invocationContext);

    private async ValueTask<object?> Paced(Pace pace, HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next) =>
        await paces.Take(pace, invocationContext.Context.User!.UserId()) is { } wait
            ? SlowDown.After(pace, wait)
            : await next(invocationContext);
}
