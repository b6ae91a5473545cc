namespace Viv.Testing;

/// <summary>A Viv process that exited (or hung) before it listened: how it ended and everything it printed.</summary>
public sealed class VivDidNotStart(int? exitCode, string output)
    : InvalidOperationException($"Viv did not start listening (exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none: still running"}).\n{output}")
{
    /// <summary>Null when the process was still running at the deadline.</summary>
    public int? ExitCode { get; } = exitCode;

    public string Output { get; } = output;
}
