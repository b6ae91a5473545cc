// What this browser sends: the microphone, the camera or the screen. One outgoing stream is shared
// by every peer connection; swapping a track (another camera, the screen and back) replaces it on
// every connection's sender, so nobody renegotiates unless a voice call gains a video track. While
// noise is suppressed the microphone is sent through RNNoise (noise-suppression.js), whose track stays
// the same when the microphone changes; switching suppression swaps the two tracks.
import { microphoneConstraints, prepareSuppression, releaseSuppression, suppressNoise, suppressionWanted } from "./noise-suppression.js";

export function createLocalMedia() {
  let outgoing = null;
  let camera = null;
  let screen = null;
  let microphone = null;
  let suppression = null; // the RNNoise graph, while noise is suppressed
  let suppressible = true; // false once the graph could not be built here
  let switching = Promise.resolve();

  const senderOf = (pc, track) => pc.getSenders().find((s) => s.track === track);

  /** Puts a new track in place of the old one everywhere: in the outgoing stream and on every connection. */
  async function swap(old, fresh, pcs) {
    for (const pc of pcs) {
      const sender = old && senderOf(pc, old);
      if (sender && fresh) await sender.replaceTrack(fresh);
      else if (sender) pc.removeTrack(sender);
      else if (fresh) pc.addTrack(fresh, outgoing);
    }
    if (old) outgoing.removeTrack(old);
    if (fresh) outgoing.addTrack(fresh);
  }

  /** The graph, or null where it cannot be built: then the browser's own suppression is the next best. */
  async function suppressed(track) {
    const graph = await suppressNoise(track);
    suppressible = !!graph;
    if (!graph) await track.applyConstraints({ noiseSuppression: true }).catch(() => {});
    return graph;
  }

  async function switchSuppression(on, pcs) {
    if (!outgoing) return;
    if (!suppressible) return microphone.applyConstraints({ noiseSuppression: on }).catch(() => {});
    if (on === !!suppression) return;
    const sent = outgoing.getAudioTracks()[0];
    if (on) {
      microphone.enabled = true; // muting disables the track sent, and the graph hears the microphone
      const graph = await suppressed(microphone);
      if (!graph) return;
      if (outgoing?.getAudioTracks()[0] !== sent) return graph.stop(); // the call ended meanwhile
      suppression = graph;
      graph.track.enabled = sent.enabled;
      await swap(sent, graph.track, pcs);
    } else {
      const graph = suppression;
      suppression = null;
      microphone.enabled = sent.enabled;
      await swap(sent, microphone, pcs);
      graph.stop();
    }
  }

  return {
    get outgoing() {
      return outgoing;
    },
    get sharing() {
      return !!screen;
    },

    /** Readies what starting takes longest, while a call rings here (noise-suppression.js). */
    prepare() {
      if (!outgoing) prepareSuppression();
    },

    async start(kind) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: microphoneConstraints, video: kind === "video" });
      camera = stream.getVideoTracks()[0] ?? null;
      microphone = stream.getAudioTracks()[0];
      if (suppressionWanted()) suppression = await suppressed(microphone);
      outgoing = new MediaStream([suppression?.track ?? microphone, ...(camera ? [camera] : [])]);
      return outgoing;
    },

    stop() {
      [...(outgoing?.getTracks() ?? []), microphone, camera, screen].forEach((track) => track?.stop());
      suppression?.stop();
      releaseSuppression();
      outgoing = microphone = camera = screen = suppression = null;
    },

    /** Whether noise is suppressed now: null when it cannot be switched here. */
    get suppressing() {
      return suppressible ? !!suppression : null;
    },

    /** Switches suppression on every connection in `pcs`, one switch after the other. */
    suppressNoise(on, pcs) {
      switching = switching.then(() => switchSuppression(on, pcs)).catch((error) => console.error(error));
      return switching;
    },

    setMuted(muted) {
      outgoing?.getAudioTracks().forEach((track) => (track.enabled = !muted));
    },

    setCameraOff(off) {
      if (camera) camera.enabled = !off;
    },

    currentDevice(kind) {
      return (kind === "video" ? camera : microphone)?.getSettings().deviceId;
    },

    async switchDevice(kind, deviceId, pcs) {
      const constraints = kind === "video"
        ? { video: { deviceId: { exact: deviceId } } }
        : { audio: { ...microphoneConstraints, deviceId: { exact: deviceId } } };
      const fresh = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
      const old = kind === "video" ? camera : microphone;
      if (kind === "video") {
        fresh.enabled = old?.enabled ?? true;
        // While the screen is shared the new camera waits in the wings until sharing stops.
        if (!screen) await swap(old, fresh, pcs);
        camera = fresh;
      } else if (suppression) {
        suppression.use(fresh); // muting disables the track sent, which stays
        microphone = fresh;
      } else {
        fresh.enabled = old.enabled;
        await swap(old, fresh, pcs);
        microphone = fresh;
      }
      old?.stop();
    },

    /** Sends the screen instead of the camera; <c>onEnded</c> runs when the browser's own "Stop sharing" ends it. */
    async shareScreen(pcs, onEnded) {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      screen = stream.getVideoTracks()[0];
      screen.addEventListener("ended", onEnded, { once: true });
      await swap(camera, screen, pcs);
    },

    async stopSharing(pcs) {
      if (!screen) return;
      const track = screen;
      screen = null;
      await swap(track, camera, pcs);
      track.stop();
    },
  };
}
