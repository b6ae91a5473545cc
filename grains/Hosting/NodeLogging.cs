using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Viv.Hosting;

/// <summary>
/// Puts the node's name (<c>Viv:NodeName</c>) on every log line a provider writes, as a "Node" scope,
/// so the logs of a cluster can be merged and still say which process wrote each line.
/// </summary>
public static class NodeLogging
{
    public static IServiceCollection TagLogsWithNode<TProvider>(this IServiceCollection services, string node)
        where TProvider : class, ILoggerProvider
    {
        var registration = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(TProvider))
            ?? throw new InvalidOperationException($"{typeof(TProvider).Name} is not registered; add it before tagging it.");
        services.Remove(registration);
        services.AddSingleton<ILoggerProvider>(provider => new NodeTaggingProvider(ActivatorUtilities.CreateInstance<TProvider>(provider), node));
        return services;
    }

    private sealed class NodeTaggingProvider(ILoggerProvider inner, string node) : ILoggerProvider, ISupportExternalScope
    {
        private readonly KeyValuePair<string, object>[] _scope = [new("Node", node)];

        public ILogger CreateLogger(string categoryName) => new NodeTaggingLogger(inner.CreateLogger(categoryName), _scope);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => (inner as ISupportExternalScope)?.SetScopeProvider(scopeProvider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class NodeTaggingLogger(ILogger inner, KeyValuePair<string, object>[] scope) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using (inner.BeginScope(scope))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
