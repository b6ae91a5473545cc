using System.Globalization;

namespace Viv.Benchmarks;

/// <summary>The command line. <c>--smoke</c> is the short run the test command makes so the tool keeps working.</summary>
internal sealed record Options(string Command, Uri? Url, int Pairs, IReadOnlyList<int> Rates, double Seconds, string? Json)
{
    public static Options Parse(string[] args)
    {
        var options = new Options(args.FirstOrDefault() ?? "", null, 20, [1000, 2000, 3000, 4000, 5000], 10, null);
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            options = args[i] switch
            {
                "--url" => options with { Url = new Uri(value) },
                "--pairs" => options with { Pairs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rates" => options with { Rates = [.. value.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))] },
                "--seconds" => options with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--json" => options with { Json = value },
                "--smoke" => options with { Pairs = 4, Rates = [200], Seconds = 2 },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
            if (args[i] != "--smoke")
            {
                i++;
            }
        }
        return options;
    }
}
