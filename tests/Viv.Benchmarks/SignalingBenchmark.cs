using System.Diagnostics;

namespace Viv.Benchmarks;

/// <summary>
/// Pairs exchange signaling messages at a fixed total rate, in steps; each step reports latency
/// percentiles client → server → client. The same load goes through Viv and through the raw relay.
/// </summary>
internal static class SignalingBenchmark
{
    public static async Task<IReadOnlyList<Summary>> Run(string target, IReadOnlyList<ILink> links, Latencies latencies, IReadOnlyList<int> rates, TimeSpan duration)
    {
        // Warm-up: JIT, connection buffers, grain activations; not reported.
        await Step(links, latencies, Math.Min(rates[0], 500), TimeSpan.FromSeconds(1));
        var results = new List<Summary>();
        foreach (var rate in rates)
        {
            latencies.Clear();
            var sent = await Step(links, latencies, rate, duration);
            results.Add(latencies.Summarize(target, rate, sent));
        }
        return results;
    }

    /// <summary>Sends at <paramref name="rate"/> messages/s in total, spread over the links, then waits for stragglers.</summary>
    private static async Task<int> Step(IReadOnlyList<ILink> links, Latencies latencies, int rate, TimeSpan duration)
    {
        var perLink = (double)rate / links.Count;
        var counts = await Task.WhenAll(links.Select(async link =>
        {
            var start = Stopwatch.GetTimestamp();
            var sent = 0;
            while (Stopwatch.GetElapsedTime(start) is var elapsed && elapsed < duration)
            {
                var due = (int)(elapsed.TotalSeconds * perLink);
                while (sent < due)
                {
                    await link.Send(offerSized: sent % 10 == 0, Stopwatch.GetTimestamp());
                    sent++;
                }
                await Task.Delay(1);
            }
            return sent;
        }));
        var total = counts.Sum();
        var waited = Stopwatch.StartNew();
        while (latencies.Count < total && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }
        return total;
    }
}
