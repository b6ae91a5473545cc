using System.Globalization;
using Microsoft.Playwright;
using Viv.Calls;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// Calls through Janus, everyone in Debian's headless Chromium with the fake camera, all on this
/// machine: the move from mesh to media server and the recovery from a killed Janus, timed on every
/// tile's frames; a call grown until its video stops keeping up; and Janus's cost per publisher and
/// per subscription on one page (<see cref="JanusFeeds"/>).
/// </summary>
internal static class MediaBenchmark
{
    /// <summary>Why these options cannot be measured, or null.</summary>
    public static string? Refuses(Options options) =>
        options.Url is not null ? "media starts two Janus and its own Viv configured for them: leave out --url."
        : options.Switches < 1 ? "--switches must be 1 or more."
        : options.RingSeconds is < 0 or > 15 ? "--ring-seconds takes 0 to 15: a ring must end answered, before Viv's ring timeout."
        : options.Participants.Count == 0 || options.Participants.Any(n => n < 3) ? "--participants takes call sizes of 3 or more: a call of two stays a mesh."
        : options.Participants.Any(n => n > CallRules.LargestCall) ? $"--participants takes call sizes up to {CallRules.LargestCall}, the largest call Viv allows."
        : options.Publishers.Count == 0 || options.Publishers.Any(n => n < 1) ? "--publishers takes counts of 1 or more."
        : options.Subscriptions.Count == 0 || options.Subscriptions.Any(n => n < 0) ? "--subscriptions takes counts of 0 or more."
        : null;

    public static async Task<int> Run(Target viv, JanusPair janus, Options options)
    {
        var window = TimeSpan.FromSeconds(options.Seconds);
        Console.WriteLine($"Media: {options.Switches} switches and failovers (the third answering after {options.RingSeconds} s), calls of up to {options.Participants.Max()}, {window.TotalSeconds} s windows, against {viv.Address}; load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.Launch(playwright);
        var party = await CallParty.HostAndFriends(viv.Address, async () =>
        {
            var person = await Chromium.NewPerson(browser, viv.Address);
            await TileFrames.Record(person);
            return person;
        }, Math.Max(3, options.Participants.Max()));
        try
        {
            var repetitions = new List<SwitchAndFailover.Repetition>();
            for (var i = 0; i < options.Switches; i++)
            {
                var repetition = await SwitchAndFailover.Once(party[..3], janus, viv.Embedded, window, TimeSpan.FromSeconds(options.RingSeconds), moves: !options.MeshOnly);
                repetitions.Add(repetition);
                await Reload(party[..3]);
                var failover = repetition.RecoveryMs.Count == 0 ? "" : $"; every tile again {Report.Ms(repetition.RecoveryMs.Max())} ms after the kill";
                Console.WriteLine($"{(options.MeshOnly ? "mesh growth" : "switch")} {i + 1}: longest gap {string.Join(", ", repetition.Switch.Select(t => $"{Report.Ms(t.LongestGapMs)} ms (+{Report.Whole(t.GapEndsAt - t.LongestGapMs - repetition.Growing)} to +{Report.Whole(t.GapEndsAt - repetition.Growing)} after Add, streams swapped at {string.Join(", ", t.Swaps.Select(swap => $"+{Report.Whole(swap - repetition.Growing)}"))}; longest without a frame received {Report.Ms(t.LongestReceivedGapMs)} ms)"))}{failover}");
            }
            if (options.MeshOnly)
            {
                ReportSwitches(repetitions);
                await Report.Json(options.Json, new { repetitions });
                return 0;
            }
            var sizes = await CallSizes.Grow(party, options.Participants, janus, viv, window);
            var feeds = await JanusFeeds.Measure(browser, viv.Address, janus.First, options.Publishers, options.Subscriptions, window);
            ReportSwitches(repetitions);
            ReportSizes(sizes);
            ReportFeeds(feeds);
            Console.WriteLine($"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
            await Report.Json(options.Json, new { repetitions, sizes, feeds });
        }
        finally
        {
            foreach (var (person, _) in party)
            {
                await person.DisposeAsync();
            }
        }
        return 0;
    }

    /// <summary>
    /// Loads the pages again after a call, so that every measured call starts on fresh pages, with
    /// no state of the call before (tiles, connections, recorded frames) to colour the next one.
    /// </summary>
    private static async Task Reload(IEnumerable<(Person Person, string Name)> people)
    {
        foreach (var (person, _) in people)
        {
            await person.Page.ReloadAsync();
            await Person.Connected(person.Page);
        }
    }

    private static string Frames(double gapMs) => TileFrames.Missed(gapMs).ToString(CultureInfo.InvariantCulture);

    private static void ReportSwitches(IReadOnlyList<SwitchAndFailover.Repetition> repetitions)
    {
        var killed = repetitions.Where(r => r.RecoveryMs.Count > 0).ToList();
        Report.Table(["repetition", "steady: longest gap ms", "growing: longest gap ms (each tile)", "frames missed", "longest without a frame received ms", "failover: every tile again after ms", "first tile ms"],
            repetitions.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), Report.Ms(r.Steady.Max(t => t.LongestGapMs)),
                string.Join(", ", r.Switch.Select(t => Report.Ms(t.LongestGapMs))), Frames(r.Switch.Max(t => t.LongestGapMs)),
                string.Join(", ", r.Switch.Select(t => Report.Ms(t.LongestReceivedGapMs))),
                r.RecoveryMs.Count == 0 ? "-" : Report.Ms(r.RecoveryMs.Max()), r.RecoveryMs.Count == 0 ? "-" : Report.Ms(r.RecoveryMs.Min())]));
        var gaps = repetitions.SelectMany(r => r.Switch).Select(t => t.LongestGapMs).ToList();
        var received = repetitions.SelectMany(r => r.Switch).Select(t => t.LongestReceivedGapMs).ToList();
        var steady = repetitions.SelectMany(r => r.Steady).Select(t => t.LongestGapMs).ToList();
        Console.WriteLine($"Growing, {gaps.Count} tiles: longest gap median {Report.Ms(Report.Percentile(gaps, 0.5))} ms ({Frames(Report.Percentile(gaps, 0.5))} frames missed), worst {Report.Ms(gaps.Max())} ms ({Frames(gaps.Max())} frames); "
            + $"longest without a frame received median {Report.Ms(Report.Percentile(received, 0.5))} ms, worst {Report.Ms(received.Max())} ms; the same tiles in the steady mesh before: median {Report.Ms(Report.Percentile(steady, 0.5))} ms, worst {Report.Ms(steady.Max())} ms");
        if (killed.Count > 0)
        {
            var recoveries = killed.Select(r => r.RecoveryMs.Max()).ToList();
            Console.WriteLine($"Failover, {recoveries.Count} kills: every tile playing again after median {Report.Ms(Report.Percentile(recoveries, 0.5))} ms, worst {Report.Ms(recoveries.Max())} ms");
        }
    }

    private static void ReportSizes(IReadOnlyList<CallSizes.Size> sizes)
    {
        Report.Table(["participants", "subscriptions", "Janus CPU % of a core", "Janus in kbit/s", "Janus out kbit/s", "in per participant", "out per subscription", "Janus µs per packet", "tile fps lowest / median", "browsers CPU %", "Viv CPU %", "machine CPU % (of 200)", "load average", "keeps up"],
            sizes.Select(s => (IReadOnlyList<string>)[s.Participants.ToString(CultureInfo.InvariantCulture), s.Subscriptions.ToString(CultureInfo.InvariantCulture),
                Report.Ms(s.Sample.JanusCorePercent), Report.Whole(s.Sample.KbpsToJanus), Report.Whole(s.Sample.KbpsFromJanus),
                Report.Ms(s.Sample.KbpsToJanus / s.Participants), Report.Ms(s.Sample.KbpsFromJanus / s.Subscriptions), Report.Ms(s.Sample.JanusMicrosecondsPerPacket),
                s.TileFps.Count == 0 ? "none" : $"{Report.Ms(s.TileFps.Min())} / {Report.Ms(Report.Percentile(s.TileFps, 0.5))}",
                Report.Ms(s.Sample.BrowsersCorePercent), Report.Ms(s.Sample.VivCorePercent), Report.Ms(s.Sample.MachineCorePercent), s.Sample.LoadAverage, s.KeepsUp ? "yes" : s.Failure ?? $"no ({s.TileFps.Count} of {s.Subscriptions} tiles)"]));
        var held = sizes.Where(s => s.KeepsUp).Select(s => s.Participants).DefaultIfEmpty(0).Max();
        Console.WriteLine(sizes[^1].KeepsUp
            ? $"Every measured size kept up (every tile at least {CallSizes.KeepsUpFps} fps); the largest was {held}."
            : $"Largest call that kept up (every tile at least {CallSizes.KeepsUpFps} fps): {held}; at {sizes[^1].Participants} it did not.");
    }

    private static void ReportFeeds(JanusFeeds.Steps steps)
    {
        Report.Table(["publishers", "subscriptions", "Janus CPU % of a core", "Janus in kbit/s", "in packets/s", "Janus out kbit/s", "out packets/s", "browser CPU %", "machine CPU % (of 200)", "load average"],
            steps.Subscribing.Concat(steps.Publishing).Select(s => (IReadOnlyList<string>)[s.Publishers.ToString(CultureInfo.InvariantCulture), s.Subscriptions.ToString(CultureInfo.InvariantCulture),
                Report.Ms(s.Sample.JanusCorePercent), Report.Whole(s.Sample.KbpsToJanus), Report.Whole(s.Sample.PacketsToJanusPerSecond),
                Report.Whole(s.Sample.KbpsFromJanus), Report.Whole(s.Sample.PacketsFromJanusPerSecond), Report.Ms(s.Sample.BrowsersCorePercent), Report.Ms(s.Sample.MachineCorePercent), s.Sample.LoadAverage]));
        Slope("subscription", steps.Subscribing, s => s.Subscriptions, s => s.Sample.KbpsFromJanus, s => s.Sample.PacketsFromJanusPerSecond);
        Slope("publisher", steps.Publishing, s => s.Publishers, s => s.Sample.KbpsToJanus, s => s.Sample.PacketsToJanusPerSecond);
    }

    /// <summary>What one more costs, between the first and the last step; and Janus's CPU per packet it added.</summary>
    private static void Slope(string what, IReadOnlyList<JanusFeeds.Step> steps, Func<JanusFeeds.Step, int> count, Func<JanusFeeds.Step, double> kbps, Func<JanusFeeds.Step, double> packets)
    {
        var (first, last) = (steps[0], steps[^1]);
        var added = count(last) - count(first);
        if (added == 0)
        {
            return;
        }
        var cpu = last.Sample.JanusCorePercent - first.Sample.JanusCorePercent;
        // A core's percent is 10 ms of CPU a second: µs per packet = percent × 10,000 / packets a second.
        Console.WriteLine($"Per {what} (from {count(first)} to {count(last)}): Janus CPU {Report.Ms(cpu / added)}% of a core, {Report.Ms((kbps(last) - kbps(first)) / added)} kbit/s, "
            + $"{Report.Ms((packets(last) - packets(first)) / added)} packets/s; {Report.Ms(cpu * 10_000 / (packets(last) - packets(first)))} µs of Janus CPU per packet");
    }
}
