using Microsoft.Extensions.Logging;

namespace Viv.Grains.Tests.Media;

/// <summary>A logger whose lines a test can wait for, as an operator would read them; each also goes to the test's output.</summary>
internal sealed class HeardLogger<T>(Heard<string> lines) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var line = $"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" {exception}")}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        lines.Add(line);
    }
}
