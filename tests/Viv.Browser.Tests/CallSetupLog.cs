using System.Globalization;
using Viv.Testing;

namespace Viv.Browser.Tests;

/// <summary>
/// Accept → first remote video frame, one line per measured call, appended to
/// <c>artifacts/call-setup-ms.txt</c>; <c>./test.sh</c> prints the median for BENCHMARKS.md.
/// A measurement, never an assertion: the machines are shared and noisy.
/// </summary>
internal static class CallSetupLog
{
    private static readonly Lock Gate = new();

    public static void Record(double milliseconds)
    {
        var folder = Path.Combine(VivServer.RepositoryRoot, "artifacts");
        Directory.CreateDirectory(folder);
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(folder, "call-setup-ms.txt"), milliseconds.ToString("F1", CultureInfo.InvariantCulture) + Environment.NewLine);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"accept → first remote frame: {milliseconds:F0} ms");
    }
}
