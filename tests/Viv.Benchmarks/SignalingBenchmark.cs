using System.Diagnostics;
using System.Globalization;

namespace Viv.Benchmarks;

/// <summary>
/// Pairs exchange signaling messages at a fixed total rate; each step reports latency percentiles
/// client → server → client and the CPU the server's process spent per message. Viv and its anchors
/// (<see cref="Anchor"/>) carry the same load from the same clients, in rounds: every round runs each
/// rate once on every target, the targets' order turning from round to round so that no target always
/// follows the same one, and the table gives each figure's median over the rounds.
/// </summary>
internal static class SignalingBenchmark
{
    public static async Task<int> Run(Target viv, Options options)
    {
        var anchors = new List<Anchor>();
        var targets = new List<(string Name, int? ProcessId, IReadOnlyList<ILink> Links, Latencies Latencies)>();
        try
        {
            foreach (var name in options.Targets)
            {
                var latencies = new Latencies();
                if (name == "viv")
                {
                    targets.Add((name, viv.ProcessId, await Crowd.Each<ILink>(options.Pairs, 8, async i => await VivLink.Open(viv.Address, i, latencies)), latencies));
                    continue;
                }
                var anchor = await Anchor.Start(name);
                anchors.Add(anchor);
                var links = await Crowd.Each<ILink>(options.Pairs, 8, async i => name switch
                {
                    Anchor.PlainSignalR => await PlainHubLink.Open(anchor.Address, i, latencies),
                    Anchor.SocketIo => await SocketIoLink.Open(anchor.Address, i, latencies),
                    _ => await RawLink.Open(anchor.Address, i, latencies),
                });
                targets.Add((name, anchor.ProcessId, links, latencies));
            }
            Console.WriteLine($"Signaling: {options.Pairs} pairs per target, {options.Seconds} s per step, {options.Rounds} rounds of {string.Join(", ", options.Rates)} messages/s "
                + $"on {string.Join(", ", targets.Select(t => t.Name))}; Viv at {viv.Address}; load average {MachineCpu.LoadAverage()}");

            foreach (var target in targets)
            {
                // Warm-up, not reported: JIT tiers, connection buffers, grain activations, the thread pool's size.
                // One second at 500/s was not enough: Viv's first measured step ran at a p50 of 80-340 ms and
                // twice its later CPU per message, every run.
                await Step(target.Links, target.Latencies, options.Rates[0], TimeSpan.FromSeconds(options.Seconds));
            }
            var results = new List<Summary>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var rate in options.Rates)
                {
                    foreach (var target in targets.Skip(round % targets.Count).Concat(targets.Take(round % targets.Count)))
                    {
                        target.Latencies.Clear();
                        var machine = MachineCpu.BusyMilliseconds();
                        var server = target.ProcessId is { } pid ? MachineCpu.ProcessMilliseconds(pid) : double.NaN;
                        var sent = await Step(target.Links, target.Latencies, rate, TimeSpan.FromSeconds(options.Seconds));
                        var serverSpent = target.ProcessId is { } again ? MachineCpu.ProcessMilliseconds(again) - server : double.NaN;
                        results.Add(target.Latencies.Summarize(target.Name, round, rate, sent, MachineCpu.BusyMilliseconds() - machine, serverSpent));
                    }
                }
            }

            Report.Table(["target", "rate/s", "rounds", "lost", "p50 ms", "p95 ms", "p99 ms", "max ms", "p50 vs plain SignalR", "server CPU-s per 1,000", "machine CPU-s per 1,000"],
                results.GroupBy(r => (r.Rate, r.Target)).OrderBy(g => g.Key.Rate).ThenBy(g => options.Targets.ToList().IndexOf(g.Key.Target)).Select(group =>
                {
                    var rows = group.ToList();
                    var plain = results.Where(r => r.Target == Anchor.PlainSignalR && r.Rate == group.Key.Rate).Select(r => r.P50).ToList();
                    return (IReadOnlyList<string>)[group.Key.Target, group.Key.Rate.ToString(CultureInfo.InvariantCulture), $"{rows.Count}",
                        Report.Whole(rows.Sum(r => r.Sent - r.Received)), Report.Ms(Median(rows, r => r.P50)), Report.Ms(Median(rows, r => r.P95)),
                        Report.Ms(Median(rows, r => r.P99)), Report.Ms(Median(rows, r => r.Max)),
                        plain.Count == 0 ? "" : $"{Report.Ms(Median(rows, r => r.P50) / Report.Percentile(plain, 0.5))}x",
                        PerThousand(Median(rows, r => r.ServerCpuSecondsPerThousand)), PerThousand(Median(rows, r => r.MachineCpuSecondsPerThousand))];
                }));
            Console.WriteLine("Medians over the rounds; lost is the sum. Every round's rows: --json FILE.");
            await Report.Json(options.Json, results);
            return results.All(r => r.Received > 0) ? 0 : 1;
        }
        finally
        {
            await Crowd.DisposeAll(targets.SelectMany(t => t.Links));
            await Crowd.DisposeAll(anchors);
        }
    }

    private static string PerThousand(double cpuSeconds) => cpuSeconds.ToString("F3", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<Summary> rows, Func<Summary, double> figure) => Report.Percentile(rows.Select(figure), 0.5);

    /// <summary>
    /// Sends <paramref name="rate"/> messages/s in total, taking the links in turn, then waits for stragglers.
    /// One loop paces every link (a task per link waking every millisecond cost more CPU than the servers at 100 pairs).
    /// </summary>
    private static async Task<int> Step(IReadOnlyList<ILink> links, Latencies latencies, int rate, TimeSpan duration)
    {
        var sending = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var sent = 0;
        while (Stopwatch.GetElapsedTime(start) is var elapsed && elapsed < duration)
        {
            for (var due = (int)(elapsed.TotalSeconds * rate); sent < due; sent++)
            {
                sending.Add(links[sent % links.Count].Send(offerSized: sent / links.Count % 10 == 0, Stopwatch.GetTimestamp()));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(sending);
        var waited = Stopwatch.StartNew();
        while (latencies.Count < sent && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }
        return sent;
    }
}
