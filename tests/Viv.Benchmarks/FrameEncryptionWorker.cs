using System.Text.Json;
using Microsoft.Playwright;

namespace Viv.Benchmarks;

/// <summary>
/// A module worker in a page of Viv's origin that seals and opens frames with Viv's own SFrame modules,
/// imported from the Viv under test, as a call's frame worker does; it makes the frames of a stream
/// (<see cref="FrameEncryption.MediaStream"/>), and times each seal and open. The page and the worker's script are
/// answered by the tool, not served by Viv: Viv's pages allow scripts only from Viv's own files.
/// </summary>
internal sealed class FrameEncryptionWorker
{
    // performance.now is precise to 5 µs in a cross-origin isolated context, to 100 µs elsewhere:
    // the page and its worker are answered here with the headers that isolate them. Their URLs are
    // Viv's origin, so the worker's imports are the files the server serves.
    private static readonly Dictionary<string, string> Isolating = new()
    {
        ["Cross-Origin-Opener-Policy"] = "same-origin",
        ["Cross-Origin-Embedder-Policy"] = "require-corp",
    };

    private const string Script = """
        import { createSenderKeys } from "/js/calls/e2ee/sender-keys.js";
        import { createReceiverKeys } from "/js/calls/e2ee/receiver-keys.js";

        const poolSize = 200; // distinct frames a run cycles through, two key frames among them

        function randomBytes(length) {
          const bytes = new Uint8Array(length);
          for (let at = 0; at < length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536)); // 64 KiB at most a call
          return bytes;
        }

        // The i-th frame of a stream. VP8's frame tag says key frame when bit 0 of byte 0 is 0 (RFC 6386 §9.1).
        function frame(stream, i) {
          const key = stream.keyFrameEvery > 0 && i % stream.keyFrameEvery === 0;
          const [min, max] = key ? [stream.keyMinBytes, stream.keyMaxBytes] : [stream.minBytes, stream.maxBytes];
          const bytes = randomBytes(min + Math.floor(Math.random() * (max - min + 1)));
          if (stream.mimeType === "video/VP8") bytes[0] = key ? bytes[0] & 0xfe : bytes[0] | 0x01;
          return { bytes, key };
        }

        const pools = new Map(); // a stream's name → its frames, made once
        let run = null; // the stream, one sender's keys as one receiver holds them, the frames, and what sealing made of them

        /** A new call's keys and `count` frames of one stream, sealed and opened `warmUp` times first; which frames are key frames. */
        async function prepare({ stream, count, warmUp }) {
          const sender = await createSenderKeys();
          const receiver = createReceiverKeys();
          await receiver.add(sender.current);
          if (!pools.has(stream.name)) pools.set(stream.name, Array.from({ length: poolSize }, (_, i) => frame(stream, i)));
          const pool = pools.get(stream.name);
          run = { stream, sender, receiver, frames: Array.from({ length: count }, (_, i) => pool[i % poolSize]), sealed: [] };
          for (let i = 0; i < warmUp; i++) await opened(await run.sender.encryptFrame(stream.mimeType, pool[i % poolSize].bytes), pool[i % poolSize].bytes.length);
          gc();
          return run.frames.map((f) => f.key);
        }

        async function opened(sealed, length) {
          const { frame, refused } = await run.receiver.decryptFrame(run.stream.mimeType, sealed);
          if (refused || frame.length !== length) throw new Error(`a ${run.stream.name} frame did not open: ${refused}`);
        }

        /**
         * Does `work` on frames 0 to `count` - 1 in turn, at `fps` frames a second (0: back to back); the microseconds each took.
         * Then collects the garbage, so that a pass's CPU holds the collection of what it allocated, and no earlier pass's: V8
         * collects when allocation slows, so a pass at rest after one that sealed frames cost the renderer up to 4 times another.
         */
        async function paced(fps, count, work) {
          const start = performance.now();
          const took = [];
          for (let i = 0; i < count; i++) {
            if (fps > 0) await new Promise((resolve) => setTimeout(resolve, start + (i * 1000) / fps - performance.now()));
            const began = performance.now();
            await work(i);
            took.push((performance.now() - began) * 1000);
          }
          gc();
          return took;
        }

        const operations = {
          ready: () => ({ isolated: crossOriginIsolated }),
          prepare,
          idle: ({ fps, count }) => paced(fps, count, () => {}),
          seal: ({ fps }) => paced(fps, run.frames.length, async (i) => (run.sealed[i] = await run.sender.encryptFrame(run.stream.mimeType, run.frames[i].bytes))),
          open: ({ fps }) => paced(fps, run.frames.length, (i) => opened(run.sealed[i], run.frames[i].bytes.length)),
        };

        onmessage = async ({ data: { id, operation, argument } }) => {
          try {
            postMessage({ id, result: await operations[operation](argument) });
          } catch (error) {
            postMessage({ id, error: String(error) });
          }
        };
        """;

    // The page's side: one worker, and a promise for each operation's answer, as JSON.
    private const string Bridge = """
        () => {
          const worker = new Worker("/bench/e2ee-worker.js", { type: "module" });
          const waiting = new Map();
          let last = 0;
          worker.onmessage = ({ data: { id, result, error } }) => {
            const { resolve, reject } = waiting.get(id);
            waiting.delete(id);
            error ? reject(new Error(error)) : resolve(result);
          };
          worker.onerror = (event) => waiting.forEach(({ reject }) => reject(new Error(`the worker failed: ${event.message ?? "it did not load"}`)));
          window.__encryption = (operation, argument) =>
            new Promise((resolve, reject) => {
              waiting.set(++last, { resolve, reject });
              worker.postMessage({ id: last, operation, argument: JSON.parse(argument) });
            }).then(JSON.stringify);
        }
        """;

    private readonly IPage _page;

    private FrameEncryptionWorker(IPage page) => _page = page;

    /// <summary>Whether its clock is precise to 5 µs (it should be: the page asks for it).</summary>
    public bool Isolated { get; private set; }

    public static async Task<FrameEncryptionWorker> Start(IBrowser browser, Uri viv)
    {
        var page = await browser.NewPageAsync(new() { BaseURL = viv.ToString() });
        await page.RouteAsync("**/bench/e2ee", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>Frame encryption</title>", Headers = Isolating }));
        await page.RouteAsync("**/bench/e2ee-worker.js", route => route.FulfillAsync(new() { ContentType = "text/javascript", Body = Script, Headers = Isolating }));
        await page.GotoAsync("/bench/e2ee");
        await page.EvaluateAsync(Bridge);
        var worker = new FrameEncryptionWorker(page);
        worker.Isolated = (await worker.Ask<Ready>("ready", new { })).Isolated;
        return worker;
    }

    /// <summary>The worker's answer to one operation (<c>prepare</c>, <c>idle</c>, <c>seal</c>, <c>open</c>) with its argument.</summary>
    public async Task<T> Ask<T>(string operation, object argument) =>
        JsonSerializer.Deserialize<T>(await _page.EvaluateAsync<string>("([operation, argument]) => window.__encryption(operation, argument)",
            new[] { operation, JsonSerializer.Serialize(argument, JsonSerializerOptions.Web) }), JsonSerializerOptions.Web)!;

    private sealed record Ready(bool Isolated);
}
