using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Viv.Hosting;

/// <summary>
/// A cluster node's console log: one JSON object a line, with its time in UTC to the millisecond and
/// the node's name (<c>Viv:NodeName</c>) as a "Node" scope, so the logs of a cluster (and nginx's) can be
/// merged and lined up and still say which process wrote each line. Without the time, a failure's
/// timeline across silos, web nodes and nginx could not be told.
/// </summary>
public static class NodeLogging
{
    public static ILoggingBuilder AddNodeJsonConsole(this ILoggingBuilder logging, string node)
    {
        logging.AddJsonConsole(o => (o.IncludeScopes, o.UseUtcTimestamp, o.TimestampFormat) = (true, true, "yyyy-MM-ddTHH:mm:ss.fffZ"));
        TagLogsWithNode<ConsoleLoggerProvider>(logging.Services, node);
        return logging;
    }

    private static void TagLogsWithNode<TProvider>(IServiceCollection services, string node)
        where TProvider : class, ILoggerProvider
    {
        var registration = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(TProvider))
            ?? throw new InvalidOperationException($"{typeof(TProvider).Name} is not registered; add it before tagging it.");
        services.Remove(registration);
        services.AddSingleton<ILoggerProvider>(provider => new NodeTaggingProvider(ActivatorUtilities.CreateInstance<TProvider>(provider), node));
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
