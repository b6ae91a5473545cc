using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// What a media server and the machine spent over a window: Janus's CPU (its process, all threads),
/// Viv's, the browsers' (every Chromium process, and Playwright's driver, that the tool started),
/// the whole machine's with whatever else ran on it (and its load average at the end), and the bytes the pages' connections
/// with Janus carried each way, as Chromium counts them on each connection's transport (RTP, RTCP,
/// DTLS and STUN, without IP and UDP headers) and the packets: Janus forwards packets as they come, so
/// its cost follows packets more than bits.
/// </summary>
internal sealed record MediaSample(double Seconds, double JanusCpuMs, double VivCpuMs, double BrowsersCpuMs, double MachineCpuMs, string LoadAverage, long BytesToJanus, long BytesFromJanus, long PacketsToJanus, long PacketsFromJanus)
{
    // Janus names itself only in its answers to publishers ("WMS janus"); a subscriber's connection is
    // known by Janus's DTLS certificate, the same on every connection it holds.
    private const string Transports = """
        async () => {
          const certificate = (pc) => pc.remoteDescription?.sdp.match(/^a=fingerprint:(.*)$/m)?.[1];
          const peers = (window.__peers ?? []).filter((pc) => pc.connectionState !== "closed");
          const janus = peers.filter((pc) => pc.remoteDescription?.sdp.includes("a=msid-semantic: WMS janus")).map(certificate);
          const sum = [0, 0, 0, 0];
          for (const pc of peers.filter((pc) => janus.includes(certificate(pc)))) {
            (await pc.getStats()).forEach((r) => {
              if (r.type !== "transport") return;
              [r.bytesSent, r.bytesReceived, r.packetsSent, r.packetsReceived].forEach((value, i) => (sum[i] += value));
            });
          }
          return sum;
        }
        """;

    /// <summary>Janus's CPU as a share of one core.</summary>
    public double JanusCorePercent => JanusCpuMs / (Seconds * 10);

    public double VivCorePercent => VivCpuMs / (Seconds * 10);

    public double BrowsersCorePercent => BrowsersCpuMs / (Seconds * 10);

    /// <summary>The machine's CPU as a share of one core: 200% is both cores.</summary>
    public double MachineCorePercent => MachineCpuMs / (Seconds * 10);

    public double KbpsToJanus => BytesToJanus * 8 / Seconds / 1000;

    public double KbpsFromJanus => BytesFromJanus * 8 / Seconds / 1000;

    public double PacketsFromJanusPerSecond => PacketsFromJanus / Seconds;

    public double PacketsToJanusPerSecond => PacketsToJanus / Seconds;

    /// <summary>Janus's CPU per packet it received or sent, its idle share included.</summary>
    public double JanusMicrosecondsPerPacket => JanusCpuMs * 1000 / Math.Max(1, PacketsToJanus + PacketsFromJanus);

    /// <summary>Over <paramref name="window"/>; Viv's CPU only when it is in the measurement (<paramref name="vivProcessId"/>), 0 otherwise.</summary>
    public static async Task<MediaSample> Over(TimeSpan window, JanusServer janus, IReadOnlyList<Person> pages, int? vivProcessId = null)
    {
        var viv = () => vivProcessId is { } id ? MachineCpu.ProcessMilliseconds(id) : 0;
        var (janusCpu, vivCpu, browsersCpu, machineCpu) = (MachineCpu.ProcessMilliseconds(janus.ProcessId), viv(), Browsers(), MachineCpu.BusyMilliseconds());
        var before = await Counts(pages);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(window);
        var after = await Counts(pages);
        return new MediaSample(clock.Elapsed.TotalSeconds, MachineCpu.ProcessMilliseconds(janus.ProcessId) - janusCpu,
            viv() - vivCpu, Browsers() - browsersCpu, MachineCpu.BusyMilliseconds() - machineCpu, File.ReadAllText("/proc/loadavg").Split(' ')[0],
            after[0] - before[0], after[1] - before[1], after[2] - before[2], after[3] - before[3]);
    }

    /// <summary>Everything the tool started but its Viv and its Janus instances (both .NET and Janus processes are left out).</summary>
    private static double Browsers() => MachineCpu.DescendantsMilliseconds(Environment.ProcessId, name => name is not ("janus" or "dotnet"));

    /// <summary>Bytes sent, received, packets sent, received, over every page.</summary>
    private static async Task<long[]> Counts(IReadOnlyList<Person> pages)
    {
        var counts = await Task.WhenAll(pages.Select(page => page.Page.EvaluateAsync<long[]>(Transports)));
        return [.. Enumerable.Range(0, 4).Select(i => counts.Sum(c => c[i]))];
    }
}
