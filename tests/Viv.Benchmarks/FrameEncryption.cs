using System.Globalization;
using Microsoft.Playwright;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// What end-to-end encryption costs a call (issue 22): frames shaped like Opus audio and VP8 video
/// sealed and opened by Viv's own SFrame modules (<c>js/calls/e2ee</c>, as the Viv under test serves
/// them) in a module worker of Debian's Chromium, where a call's frame worker runs them. Per frame:
/// seal and open times, each timed in the worker at the stream's frame rate; a frame's path gains both
/// (the sender seals, the receiver opens). Per stream: the renderer's CPU a frame while the worker seals,
/// or opens, frames back to back, times the stream's frame rate. Measured at the frame rate instead, the
/// renderer's own CPU at rest (0.3-1% of a core, varying by as much) drowns the work: a run gave -0.18%.
/// </summary>
internal static class FrameEncryption
{
    /// <summary>Frames sealed and opened before the timed ones, not counted: the first keys and calls cost more.</summary>
    private const int WarmUpFrames = 500;

    private const int SettlingSeconds = 3;

    /// <summary>
    /// Payload sizes of a call's streams (random bytes: they cost the cipher what real frames do);
    /// a video stream's key frames, every 100th, are 10 times a delta frame's size.
    /// </summary>
    private static readonly IReadOnlyList<MediaStream> Streams =
    [
        new("audio, Opus", "audio/opus", 50, 80, 160, KeyFrameEvery: 0),
        new("video 180p, VP8", "video/VP8", 30, 1_000, 2_000, KeyFrameEvery: 100),
        new("video 360p, VP8", "video/VP8", 30, 4_000, 6_000, KeyFrameEvery: 100),
        new("video 720p, VP8", "video/VP8", 30, 12_000, 20_000, KeyFrameEvery: 100),
    ];

    public static async Task<int> Run(Target viv, Options options)
    {
        using var playwright = await Playwright.CreateAsync();
        // Chromium.Launch's desktop browser (as people call from it), with V8's gc() for the worker: see FrameEncryptionWorker.
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.FullExecutablePath,
            Headless = true,
            Args = [.. Chromium.Switches, "--js-flags=--expose-gc"],
        });
        var worker = await FrameEncryptionWorker.Start(browser, viv.Address);
        Console.WriteLine($"Frame encryption: per stream, {options.Seconds} s of frames at the stream's frame rate, then {options.Frames} frames back to back, each run after {WarmUpFrames} frames of warm-up, "
            + $"in a module worker of Chromium {browser.Version} (cross-origin isolated: {worker.Isolated}), modules from {viv.Address}; load average before: {MachineCpu.LoadAverage()}");
        var paced = new List<Trial>();
        foreach (var stream in Streams)
        {
            paced.Add(await Measure(worker, stream, (int)Math.Round(options.Seconds * stream.Fps), stream.Fps));
        }
        var backToBack = new List<Trial>();
        foreach (var stream in Streams)
        {
            backToBack.Add(await Measure(worker, stream, options.Frames, fps: 0));
        }
        Report.Table(["stream", "bytes a frame", "pace", "frames", "seal µs median", "p95", "open µs median", "p95", "added latency µs median (seal + open)", "p95", "key frames: added µs median", "machine CPU % (of 200)"],
            paced.Concat(backToBack).Select(t => (IReadOnlyList<string>)[t.Stream.Name, t.Stream.Sizes, t.Fps == 0 ? "back to back" : $"{t.Fps} a second", Report.Whole(t.Seal.Microseconds.Count),
                Micro(Report.Percentile(t.Seal.Microseconds, 0.5)), Micro(Report.Percentile(t.Seal.Microseconds, 0.95)),
                Micro(Report.Percentile(t.Open.Microseconds, 0.5)), Micro(Report.Percentile(t.Open.Microseconds, 0.95)),
                Micro(Report.Percentile(t.Added, 0.5)), Micro(Report.Percentile(t.Added, 0.95)), t.KeyAdded.Count == 0 ? "-" : Micro(Report.Percentile(t.KeyAdded, 0.5)),
                Report.Whole(t.MachinePercent)]));
        Report.Table(["stream", "frames/s", "renderer CPU µs a frame sealed", "opened", "send: % of a core", "receive: % of a core", "send: worker busy % at its frame rate", "receive"],
            paced.Zip(backToBack, (t, b) => (IReadOnlyList<string>)[t.Stream.Name, Report.Whole(t.Stream.Fps),
                Micro(b.Seal.CpuMicrosecondsAFrame), Micro(b.Open.CpuMicrosecondsAFrame), Report.Ms(b.CorePercent(b.Seal)), Report.Ms(b.CorePercent(b.Open)),
                Report.Ms(t.BusyPercent(t.Seal)), Report.Ms(t.BusyPercent(t.Open))]));
        Console.WriteLine("Renderer CPU: all threads of Chromium's renderers (schedstat) while the worker sealed, or opened, the frames back to back; a stream's share of a core is that "
            + $"times its frame rate. Worker busy: the worker's own clock around each frame's work, at the frame rate. Load average after: {MachineCpu.LoadAverage()}");
        Console.WriteLine($"Reproduce: dotnet run -c Release --project tests/Viv.Benchmarks -- {string.Join(' ', Environment.GetCommandLineArgs()[1..])}");
        await Report.Json(options.Json, new { paced, backToBack });
        return 0;
    }

    /// <summary>
    /// <paramref name="count"/> frames of a stream sealed, then opened, one at a time at <paramref name="fps"/>
    /// (0: back to back), each pass with the renderer's CPU over it.
    /// </summary>
    private static async Task<Trial> Measure(FrameEncryptionWorker worker, MediaStream stream, int count, int fps)
    {
        var keys = await worker.Ask<bool[]>("prepare", new { stream, count, warmUp = WarmUpFrames });
        // The renderer's own work after the page starts is done meanwhile, not in a measured pass (seen:
        // the first pass at rest cost it several times what the next ones did).
        await Timed(worker, "idle", new { fps = stream.Fps, count = SettlingSeconds * stream.Fps });
        var (machine, clock) = (MachineCpu.BusyMilliseconds(), System.Diagnostics.Stopwatch.StartNew());
        var (seal, open) = (await Timed(worker, "seal", new { fps }), await Timed(worker, "open", new { fps }));
        return new Trial(stream, fps, keys, seal, open, (MachineCpu.BusyMilliseconds() - machine) / (clock.Elapsed.TotalSeconds * 10));
    }

    private static async Task<Work> Timed(FrameEncryptionWorker worker, string operation, object argument)
    {
        var cpu = MachineCpu.RendererThreadNanoseconds();
        var took = await worker.Ask<double[]>(operation, argument);
        return new Work(took, MachineCpu.Between(cpu, MachineCpu.RendererThreadNanoseconds()));
    }

    private static string Micro(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>
    /// A kind of stream a call sends: its codec, frame rate and payload bytes; every
    /// <paramref name="KeyFrameEvery"/>th frame (0: none) a key frame, 10 times a delta frame's size.
    /// </summary>
    internal sealed record MediaStream(string Name, string MimeType, int Fps, int MinBytes, int MaxBytes, int KeyFrameEvery)
    {
        public int KeyMinBytes => MinBytes * 10;

        public int KeyMaxBytes => MaxBytes * 10;

        public string Sizes => $"{Report.Whole(MinBytes)}-{Report.Whole(MaxBytes)}"
            + (KeyFrameEvery == 0 ? "" : $"; key frames (1 in {KeyFrameEvery}) {Report.Whole(KeyMinBytes)}-{Report.Whole(KeyMaxBytes)}");
    }

    /// <summary>One pass over the frames: each frame's µs in the worker, and the renderer's CPU over the pass.</summary>
    internal sealed record Work(IReadOnlyList<double> Microseconds, double RendererCpuMs)
    {
        public double CpuMicrosecondsAFrame => RendererCpuMs * 1000 / Microseconds.Count;
    }

    /// <summary>
    /// A stream's frames sealed and opened at one pace, and the whole machine's CPU meanwhile (200% is both
    /// cores), to tell a quiet machine from a busy one.
    /// </summary>
    internal sealed record Trial(MediaStream Stream, int Fps, IReadOnlyList<bool> Key, Work Seal, Work Open, double MachinePercent)
    {
        /// <summary>Each frame's seal plus its open: what the two transforms add to its path.</summary>
        public IReadOnlyList<double> Added => [.. Seal.Microseconds.Zip(Open.Microseconds, (seal, open) => seal + open)];

        public IReadOnlyList<double> KeyAdded => [.. Added.Where((_, i) => Key[i])];

        /// <summary>One stream's share of a core for this work at its own frame rate, from the renderer's CPU a frame.</summary>
        public double CorePercent(Work work) => work.CpuMicrosecondsAFrame * Stream.Fps / 10_000;

        /// <summary>The same from the worker's clock: the time it spent on each frame, at the stream's frame rate.</summary>
        public double BusyPercent(Work work) => work.Microseconds.Average() * Stream.Fps / 10_000;
    }
}
