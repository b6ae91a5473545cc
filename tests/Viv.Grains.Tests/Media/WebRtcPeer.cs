using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Playwright;
using Viv.Calls;
using Viv.Media;

namespace Viv.Grains.Tests.Media;

/// <summary>
/// A real WebRTC end for Janus: one RTCPeerConnection in a blank Chromium page, with the fake camera
/// and microphone. The test relays its session descriptions through <see cref="IMediaServers"/>, and
/// its ICE candidates go to the leg it is given, in order, those gathered before it included.
/// </summary>
internal sealed class WebRtcPeer : IAsyncDisposable
{
    private const string Script = """
        window.peer = (() => {
          let pc = null;
          let tone = null;
          let screen = null;
          const held = new Set(); // the SSRCs of the simulcast sizes whose frames are held back
          const connect = (transformed = false) => {
            pc = new RTCPeerConnection({ encodedInsertableStreams: transformed });
            pc.onicecandidate = e => window.relayCandidate(JSON.stringify(e.candidate ? e.candidate.toJSON() : { candidate: '' }));
            return pc;
          };
          const decoded = async mid => {
            let frames = 0;
            (await pc.getStats()).forEach(s => {
              if (s.type === 'inbound-rtp' && s.kind === 'video' && s.mid === mid) frames += s.framesDecoded || 0;
            });
            return frames;
          };
          return {
            async offer(camera, microphone, withTone, simulcast) {
              connect(simulcast);
              if (camera || microphone) {
                const stream = await navigator.mediaDevices.getUserMedia({ video: camera, audio: microphone });
                stream.getTracks().forEach(track => {
                  if (!simulcast || track.kind !== 'video') return pc.addTrack(track, stream);
                  // As Viv's pages send a camera through Janus: three sizes, smallest first.
                  const { sender } = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream],
                    sendEncodings: [{ rid: 'l', scaleResolutionDownBy: 4 }, { rid: 'm', scaleResolutionDownBy: 2 }, { rid: 'h' }] });
                  const { readable, writable } = sender.createEncodedStreams();
                  readable.pipeThrough(new TransformStream({
                    transform(frame, out) { if (!held.has(frame.getMetadata().synchronizationSource)) out.enqueue(frame); },
                  })).pipeTo(writable);
                });
              }
              if (withTone) {
                const audio = new AudioContext();
                await audio.resume();
                const oscillator = audio.createOscillator();
                tone = audio.createGain();
                const out = audio.createMediaStreamDestination();
                oscillator.connect(tone).connect(out);
                oscillator.start();
                pc.addTrack(out.stream.getAudioTracks()[0], out.stream);
              }
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            },
            async share() {
              const canvas = document.createElement('canvas');
              [canvas.width, canvas.height] = [160, 120];
              const context = canvas.getContext('2d');
              let frame = 0;
              const drawing = setInterval(() => { context.fillStyle = `hsl(${frame++ * 10 % 360} 80% 50%)`; context.fillRect(0, 0, 160, 120); }, 100);
              const track = canvas.captureStream(10).getVideoTracks()[0];
              screen = { sender: pc.addTrack(track), drawing };
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            },
            async unshare() {
              clearInterval(screen.drawing);
              pc.removeTrack(screen.sender);
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            },
            async answered(sdp) { await pc.setRemoteDescription({ type: 'answer', sdp }); },
            async answer(sdp) {
              if (!pc) connect();
              await pc.setRemoteDescription({ type: 'offer', sdp });
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            },
            tone(on) { tone.gain.value = on ? 1 : 0; },
            async hold(rids) {
              [...(await pc.getStats()).values()].filter(s => s.type === 'outbound-rtp' && rids.includes(s.rid)).forEach(s => held.add(s.ssrc));
            },
            release() { held.clear(); },
            async width(mid, wide, seconds) {
              const deadline = Date.now() + seconds * 1000;
              for (;;) {
                const got = [...(await pc.getStats()).values()].find(s => s.type === 'inbound-rtp' && s.kind === 'video' && s.mid === mid)?.frameWidth;
                if (got === wide) return;
                if (Date.now() > deadline) throw new Error(`after ${seconds} s mid ${mid} decoded frames ${got} pixels wide, not ${wide}`);
                await new Promise(resolve => setTimeout(resolve, 100));
              }
            },
            decoded,
            async framesDecoded(mid, atLeast, seconds) {
              const deadline = Date.now() + seconds * 1000;
              let frames = 0;
              while ((frames = await decoded(mid)) < atLeast) {
                if (Date.now() > deadline) throw new Error(`after ${seconds} s mid ${mid} decoded ${frames} frames, not ${atLeast}; connection ${pc.connectionState}`);
                await new Promise(resolve => setTimeout(resolve, 100));
              }
              return frames;
            },
            async stalled(mid, seconds) {
              const deadline = Date.now() + seconds * 1000;
              for (let before = await decoded(mid); ; ) {
                await new Promise(resolve => setTimeout(resolve, 500));
                const after = await decoded(mid);
                if (after === before) return after;
                if (Date.now() > deadline) throw new Error(`mid ${mid} still decoded frames after ${seconds} s`);
                before = after;
              }
            },
            direction(mid) { return pc.getTransceivers().find(t => t.mid === mid)?.currentDirection ?? null; },
            close() { pc.close(); },
          };
        })();
        """;

    private const string BlankPage = "http://localhost/peer";

    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly Channel<IceCandidate> _candidates = Channel.CreateUnbounded<IceCandidate>();
    private Task _relaying = Task.CompletedTask;

    private WebRtcPeer(IBrowserContext context, IPage page) => (_context, _page) = (context, page);

    public static async Task<WebRtcPeer> Open(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new() { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        // An empty page served by the browser itself: about:blank is no secure context, so it has no camera.
        await page.RouteAsync(BlankPage, route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>peer</title>" }));
        await page.GotoAsync(BlankPage);
        var peer = new WebRtcPeer(context, page);
        await page.ExposeFunctionAsync("relayCandidate", (string json) =>
        {
            peer._candidates.Writer.TryWrite(JsonSerializer.Deserialize<IceCandidate>(json, JsonSerializerOptions.Web)!);
        });
        await page.EvaluateAsync(Script);
        return peer;
    }

    /// <summary>
    /// A publisher's offer: the fake camera and microphone, and a steady tone (silent until <see cref="Tone"/>)
    /// when asked; with <paramref name="simulcast"/>, the camera in three sizes as Viv's pages send it.
    /// </summary>
    public Task<string> Offer(bool camera = true, bool microphone = true, bool tone = false, bool simulcast = false) =>
        _page.EvaluateAsync<string>("([c, m, t, s]) => peer.offer(c, m, t, s)", new object[] { camera, microphone, tone, simulcast });

    /// <summary>
    /// Sends none of the frames of some simulcast sizes (<c>l</c>, <c>m</c>, <c>h</c>) until <see cref="Release"/>,
    /// as a sender short of CPU or bandwidth does; the encoder goes on, so what follows is no keyframe.
    /// </summary>
    public Task Hold(params string[] rids) => _page.EvaluateAsync("rids => peer.hold(rids)", rids);

    /// <summary>Sends every size's frames again.</summary>
    public Task Release() => _page.EvaluateAsync("() => peer.release()");

    /// <summary>Waits until the video of <paramref name="mid"/> decodes frames <paramref name="width"/> pixels wide; fails saying how wide they are.</summary>
    public Task Width(string mid, int width, int seconds = 30) =>
        _page.EvaluateAsync("([mid, w, s]) => peer.width(mid, w, s)", new object[] { mid, width, seconds });

    /// <summary>Adds a screen (a canvas that changes colour ten times a second) and offers again.</summary>
    public Task<string> Share() => _page.EvaluateAsync<string>("() => peer.share()");

    /// <summary>Stops sharing the screen and offers again.</summary>
    public Task<string> Unshare() => _page.EvaluateAsync<string>("() => peer.unshare()");

    public Task Answered(string answerSdp) => _page.EvaluateAsync("sdp => peer.answered(sdp)", answerSdp);

    /// <summary>A subscriber's answer to Janus's offer.</summary>
    public Task<string> Answer(string offerSdp) => _page.EvaluateAsync<string>("sdp => peer.answer(sdp)", offerSdp);

    /// <summary>Sends this peer's ICE candidates to <paramref name="leg"/> from now on, until its Janus is gone.</summary>
    public void Relay(IMediaLeg leg) => _relaying = Task.Run(async () =>
    {
        try
        {
            await foreach (var candidate in _candidates.Reader.ReadAllAsync())
            {
                await leg.Trickle(candidate);
            }
        }
        catch (MediaServerUnavailableException)
        {
        }
    });

    public Task Tone(bool on) => _page.EvaluateAsync("on => peer.tone(on)", on);

    public Task<int> FramesDecoded(string mid) => _page.EvaluateAsync<int>("mid => peer.decoded(mid)", mid);

    /// <summary>Waits until the video of <paramref name="mid"/> decoded at least <paramref name="atLeast"/> frames; fails saying how many it did.</summary>
    public Task<int> FramesDecoded(string mid, int atLeast, int seconds = 30) =>
        _page.EvaluateAsync<int>("([mid, n, s]) => peer.framesDecoded(mid, n, s)", new object[] { mid, atLeast, seconds });

    /// <summary>Waits until the video of <paramref name="mid"/> decodes no frame for half a second (at 10 frames a second, it stopped).</summary>
    public Task<int> Stalled(string mid, int seconds = 30) => _page.EvaluateAsync<int>("([mid, s]) => peer.stalled(mid, s)", new object[] { mid, seconds });

    /// <summary>The negotiated direction of the media line, as the browser sees it (inactive once Janus stopped sending on it).</summary>
    public Task<string?> Direction(string mid) => _page.EvaluateAsync<string?>("mid => peer.direction(mid)", mid);

    /** Closes the connection, as the page's own code never does: Janus hears it go (a DTLS alert) and hangs it up. */
    public Task Close() => _page.EvaluateAsync("() => peer.close()");

    public async ValueTask DisposeAsync()
    {
        _candidates.Writer.TryComplete();
        await _context.CloseAsync();
        await _relaying;
    }
}
