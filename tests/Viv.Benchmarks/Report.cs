using System.Globalization;
using System.Text.Json;

namespace Viv.Benchmarks;

/// <summary>Every command prints a Markdown table (pasted into BENCHMARKS.md as it is) and can write its rows as JSON.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"| {string.Join(" | ", headers)} |");
        Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|", headers.Count - 1))}");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {string.Join(" | ", row)} |");
        }
    }

    public static string Ms(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    public static string Whole(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The nearest-rank percentile, <paramref name="p"/> from 0 to 1.</summary>
    public static double Percentile(IEnumerable<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static async Task Json<T>(string? path, T rows)
    {
        if (path is null)
        {
            return;
        }
        // `dotnet run` starts the tool in its project folder: relative paths mean the repository's.
        var full = Path.GetFullPath(path, Viv.Testing.VivServer.RepositoryRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, JsonSerializer.Serialize(rows, Indented));
    }
}
