using System.Text.Json;
using Microsoft.Playwright;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// What noise suppression costs a caller (issue 26): a page of Viv's origin takes the microphone as a
/// call does (a noisy room's recording, <see cref="FakeMicrophone.NoisyRoom"/>, in Debian's Chromium)
/// and sends it with Viv's own <c>js/calls/media.js</c>, as the Viv under test serves it, into an
/// RTCPeerConnection to a second one in the same page, so the audio is encoded and sent as in a call.
/// Windows with suppression off (the microphone sent as it is) and on (through RNNoise in an
/// AudioWorklet) alternate, switched as the call's switch does; each takes the CPU of every thread of
/// Chromium's renderer, where the AudioWorklet runs, and of the whole machine.
/// </summary>
internal static class NoiseSuppressionCost
{
    private const int WindowPairs = 4;

    private const int SettlingMs = 2_000;

    private const string Start = """
        async () => {
          const { createLocalMedia } = await import("/js/calls/media.js");
          localStorage.setItem("viv-noise-suppression", "off");
          const media = createLocalMedia();
          const outgoing = await media.start("audio");
          const [sending, receiving] = [new RTCPeerConnection(), new RTCPeerConnection()];
          sending.onicecandidate = ({ candidate }) => candidate && receiving.addIceCandidate(candidate);
          receiving.onicecandidate = ({ candidate }) => candidate && sending.addIceCandidate(candidate);
          sending.addTrack(outgoing.getAudioTracks()[0], outgoing);
          const played = new Promise((resolve) => (receiving.ontrack = ({ track }) => resolve(track)));
          await sending.setLocalDescription();
          await receiving.setRemoteDescription(sending.localDescription);
          await receiving.setLocalDescription();
          await sending.setRemoteDescription(receiving.localDescription);
          await played;
          window.__suppress = async (on) => {
            await media.suppressNoise(on, [sending]);
            if (media.suppressing !== on) throw new Error(`noise suppression did not switch ${on ? "on" : "off"}: see the console`);
          };
          window.__sent = async () => {
            const stats = [...(await sending.getStats()).values()].find((s) => s.type === "outbound-rtp");
            return stats?.packetsSent ?? 0;
          };
        }
        """;

    public static async Task<int> Run(Target viv, Options options)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.FullExecutablePath,
            Headless = true,
            Args = [.. Chromium.Switches, FakeMicrophone.NoisyRoom.Switch],
        });
        var page = await browser.NewPageAsync(new() { BaseURL = viv.Address.ToString() });
        // A page of Viv's origin that is not one of Viv's pages: Viv's own would start a hub connection.
        await page.RouteAsync("**/bench/noise", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>Noise suppression</title>" }));
        await page.GotoAsync("/bench/noise");
        await page.Mouse.ClickAsync(10, 10); // a person's click, so the page may start audio
        await page.EvaluateAsync(Start);
        Console.WriteLine($"Noise suppression: {WindowPairs} windows of {options.Seconds} s each with it off and on, alternating, the microphone sent over a loopback connection, "
            + $"in Chromium {browser.Version}, modules from {viv.Address}; load average before: {MachineCpu.LoadAverage()}");
        await Measure(page, on: false, 3); // the connection's start and the page's own settle first
        var windows = new List<Window>();
        for (var i = 0; i < WindowPairs; i++)
        {
            windows.Add(await Measure(page, on: false, options.Seconds));
            windows.Add(await Measure(page, on: true, options.Seconds));
        }
        var (off, on) = (windows.Where(w => !w.On).ToList(), windows.Where(w => w.On).ToList());
        Report.Table(["noise suppression", "renderer CPU % of a core, median window", "min", "max", "machine CPU % (of 200), median", "audio packets sent a second"],
            [Row("off", off), Row("on (RNNoise)", on)]);
        var added = Median(on.Select(w => w.RendererPercent)) - Median(off.Select(w => w.RendererPercent));
        Console.WriteLine($"RNNoise adds {Report.Ms(added)}% of one core (medians). Load average after: {MachineCpu.LoadAverage()}");
        Console.WriteLine($"Reproduce: dotnet run -c Release --project tests/Viv.Benchmarks -- {string.Join(' ', Environment.GetCommandLineArgs()[1..])}");
        await Report.Json(options.Json, windows);
        return 0;
    }

    private static async Task<Window> Measure(IPage page, bool on, double seconds)
    {
        await page.EvaluateAsync("on => window.__suppress(on)", on);
        // Switching on builds the graph (an AudioContext, RNNoise compiled in its worklet): once a switch,
        // not what suppression costs while it runs.
        await Task.Delay(SettlingMs);
        var (renderer, machine, sent) = (MachineCpu.RendererThreadNanoseconds(), MachineCpu.BusyMilliseconds(), await page.EvaluateAsync<int>("window.__sent()"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed.TotalSeconds;
        return new Window(on, MachineCpu.Between(renderer, MachineCpu.RendererThreadNanoseconds()) / (elapsed * 10), (MachineCpu.BusyMilliseconds() - machine) / (elapsed * 10),
            (await page.EvaluateAsync<int>("window.__sent()") - sent) / elapsed);
    }

    private static IReadOnlyList<string> Row(string name, List<Window> windows) =>
        [name, Report.Ms(Median(windows.Select(w => w.RendererPercent))), Report.Ms(windows.Min(w => w.RendererPercent)), Report.Ms(windows.Max(w => w.RendererPercent)),
            Report.Whole(Median(windows.Select(w => w.MachinePercent))), Report.Whole(Median(windows.Select(w => w.PacketsASecond)))];

    private static double Median(IEnumerable<double> values) => Report.Percentile(values, 0.5);

    /// <summary>One window: whether RNNoise was on, the renderer's and the machine's CPU (% of one core, of 200), the audio packets sent a second.</summary>
    internal sealed record Window(bool On, double RendererPercent, double MachinePercent, double PacketsASecond);
}
