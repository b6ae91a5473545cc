using System.Globalization;
using System.Diagnostics;

namespace Viv.Benchmarks;

/// <summary>
/// Pairs exchange signaling messages at a fixed total rate, in steps; each step reports latency
/// percentiles client → server → client. The same load goes through Viv and through the raw relay.
/// </summary>
internal static class SignalingBenchmark
{
    public static async Task<int> Run(Target viv, Options options)
    {
        await using var relay = await RawRelay.Start();
        Console.WriteLine($"Signaling: {options.Pairs} pairs, {options.Seconds} s per step, against {viv.Address} and a raw WebSocket relay on {relay.Address}");
        var results = new List<Summary>();
        foreach (var target in new[] { "raw", "viv" })
        {
            var latencies = new Latencies();
            var links = await Crowd.Each<ILink>(options.Pairs, 8, async i =>
                target == "viv" ? await VivLink.Open(viv.Address, i, latencies) : await RawLink.Open(relay.Address, i, latencies));
            results.AddRange(await Steps(target, links, latencies, options.Rates, TimeSpan.FromSeconds(options.Seconds)));
            await Crowd.DisposeAll(links);
        }

        Report.Table(["target", "rate/s", "sent", "received", "p50 ms", "p95 ms", "p99 ms", "max ms", "p50 vs raw", "machine CPU µs/msg"], results.Select(row =>
        {
            var raw = results.First(r => r.Target == "raw" && r.Rate == row.Rate);
            return (IReadOnlyList<string>)[row.Target, row.Rate.ToString(CultureInfo.InvariantCulture), Report.Whole(row.Sent), Report.Whole(row.Received),
                Report.Ms(row.P50), Report.Ms(row.P95), Report.Ms(row.P99), Report.Ms(row.Max), $"{Report.Ms(row.P50 / raw.P50)}x",
                Report.Whole(row.CpuMicrosecondsPerMessage)];
        }));
        foreach (var target in new[] { "raw", "viv" })
        {
            var held = results.Where(r => r.Target == target && r.P99 < 10 && r.Received == r.Sent).Select(r => r.Rate).DefaultIfEmpty(0).Max();
            Console.WriteLine($"{target}: highest rate held with p99 under 10 ms and nothing lost: {held} messages/s");
        }
        await Report.Json(options.Json, results);
        return results.All(r => r.Received > 0) ? 0 : 1;
    }

    private static async Task<IReadOnlyList<Summary>> Steps(string target, IReadOnlyList<ILink> links, Latencies latencies, IReadOnlyList<int> rates, TimeSpan duration)
    {
        // Warm-up: JIT, connection buffers, grain activations; not reported.
        await Step(links, latencies, Math.Min(rates[0], 500), TimeSpan.FromSeconds(1));
        var results = new List<Summary>();
        foreach (var rate in rates)
        {
            latencies.Clear();
            var busy = MachineCpu.BusyMilliseconds();
            var sent = await Step(links, latencies, rate, duration);
            results.Add(latencies.Summarize(target, rate, sent, MachineCpu.BusyMilliseconds() - busy));
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
