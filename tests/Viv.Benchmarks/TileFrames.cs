using System.Text.Json;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// When each remote tile of a page showed a new frame: every <c>&lt;video&gt;</c> labelled with a
/// person (their tile; the label stays when the tile is made again) reports each frame it presents
/// (<c>requestVideoFrameCallback</c>), stamped with the wall clock so the tool can set its own
/// moments (a kill, an accept) against them. What a person sees, decoding and rendering included.
/// Each tile also notes when its video was given another stream (polled every 50 ms), so that a gap
/// can be set against the moment the page swapped mesh for media server, and when its video track
/// received new frames (the connection's own <c>framesReceived</c>, polled every 100 ms), so that a
/// gap in what the page showed can be told from a gap in what reached it.
/// </summary>
internal static class TileFrames
{
    /// <summary>The camera's frame interval: <see cref="FakeCamera"/> plays 10 frames a second.</summary>
    public const double FrameMs = 100;

    private const string Recorder = """
        (() => {
          window.__frames = {};
          window.__swaps = {};
          window.__received = {};
          const received = new Map(); // track id → frames received at the last poll
          setInterval(async () => {
            const labels = new Map([...document.querySelectorAll("video[aria-label*=' @']")]
              .flatMap((video) => (video.srcObject?.getVideoTracks() ?? []).map((track) => [track.id, video.getAttribute("aria-label")])));
            for (const pc of window.__peers ?? []) {
              if (pc.connectionState !== "connected") continue;
              (await pc.getStats()).forEach((report) => {
                const label = report.type === "inbound-rtp" && report.kind === "video" && labels.get(report.trackIdentifier);
                if (!label || report.framesReceived === received.get(report.trackIdentifier)) return;
                received.set(report.trackIdentifier, report.framesReceived);
                (window.__received[label] ??= []).push(Date.now());
              });
            }
          }, 100);
          const watch = (video) => {
            const label = video.getAttribute("aria-label");
            if (video.srcObject !== video.__stream) {
              video.__stream = video.srcObject;
              (window.__swaps[label] ??= []).push(Date.now());
            }
            if (video.__watched) return;
            video.__watched = true;
            const times = (window.__frames[label] ??= []);
            const presented = () => {
              times.push(Date.now());
              if (video.isConnected) video.requestVideoFrameCallback(presented);
            };
            video.requestVideoFrameCallback(presented);
          };
          setInterval(() => document.querySelectorAll("video[aria-label*=' @']").forEach(watch), 50);
        })();
        """;

    /// <summary>Records from the page's next load on: add before the person registers.</summary>
    public static Task Record(Person person) => person.Context.AddInitScriptAsync(Recorder);

    /// <summary>
    /// The tiles every one of <paramref name="people"/> has of the others, between two wall-clock
    /// moments: frames shown and the longest time without a new one (the edges count: a tile frozen
    /// since before <paramref name="from"/> has its gap from there).
    /// </summary>
    public static async Task<IReadOnlyList<Tile>> Between(IReadOnlyList<(Person Person, string Name)> people, DateTimeOffset from, DateTimeOffset to)
    {
        var tiles = new List<Tile>();
        foreach (var (person, name) in people)
        {
            var others = people.Where(o => o.Name != name).Select(o => $"{o.Name} @").ToList();
            var all = JsonSerializer.Deserialize<Tile[]>(await person.Page.EvaluateAsync<string>("""
                ([from, to]) => JSON.stringify(Object.entries(window.__frames).map(([label, all]) => {
                  const times = [from, ...all.filter((t) => t > from && t < to), to];
                  let gap = 0, gapEnd = from;
                  for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] > gap) [gap, gapEnd] = [times[i] - times[i - 1], times[i]];
                  const swaps = (window.__swaps[label] ?? []).filter((t) => t > from && t < to);
                  const arrivals = [from, ...(window.__received[label] ?? []).filter((t) => t > from && t < to), to];
                  let receivedGap = 0;
                  for (let i = 1; i < arrivals.length; i++) receivedGap = Math.max(receivedGap, arrivals[i] - arrivals[i - 1]);
                  return { label, frames: times.length - 2, longestGapMs: gap, gapEndsAt: gapEnd, swaps, longestReceivedGapMs: receivedGap };
                }))
                """, new[] { from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds() }), JsonSerializerOptions.Web)!;
            tiles.AddRange(all.Where(tile => others.Any(other => tile.Label.StartsWith(other, StringComparison.Ordinal))));
        }
        return tiles;
    }

    /// <summary>Frames the camera sent that a tile never showed in its longest gap.</summary>
    public static int Missed(double gapMs) => Math.Max(0, (int)Math.Round(gapMs / FrameMs) - 1);

    /// <summary>
    /// One tile at one page: whose (its label), frames shown, its longest gap with the wall-clock time
    /// (Unix ms) it ended, when its video was given another stream, and the longest time no frame
    /// reached it (to 100 ms).
    /// </summary>
    public sealed record Tile(string Label, int Frames, double LongestGapMs, double GapEndsAt, IReadOnlyList<double> Swaps, double LongestReceivedGapMs);
}
