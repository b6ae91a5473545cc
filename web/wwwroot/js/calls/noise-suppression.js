// Noise suppression: the microphone goes through RNNoise (a small neural network that tells a voice
// from noise, keyboards and fans included, where the browser's own suppression takes steady noise
// only) in an AudioWorklet, and the track sent is the worklet's output. The browser's own
// suppression is asked off, so that "off" means off, and with it off the microphone is sent as it is:
// an AudioContext keeps its audio thread and output stream busy whatever it does (RNNoise itself is
// about 1.5% of a core; a call page spends about 4.7% more suppressing than not). media.js switches
// the track sent, so nobody renegotiates. The choice is this browser's (Settings, or the call's switch).
import { RnnoiseWorkletNode, loadRnnoise } from "/lib/noise-suppressor/index.js";

const library = "/lib/noise-suppressor";
const preference = "viv-noise-suppression";

/** Whether this browser suppresses noise in calls: yes unless its person said no. */
export const suppressionWanted = () => localStorage.getItem(preference) !== "off";

export function wantSuppression(on) {
  localStorage.setItem(preference, on ? "on" : "off");
  dispatchEvent(new Event(preference)); // Settings' switch, on the same page as the call, follows
}

/** Settings' switch: it shows and changes this browser's choice. */
export function showSuppressionSetting(input) {
  const show = () => (input.checked = suppressionWanted());
  input.addEventListener("change", () => wantSuppression(input.checked));
  addEventListener(preference, show);
  show();
}

/** What getUserMedia is asked for the microphone: Viv suppresses noise itself. */
export const microphoneConstraints = { noiseSuppression: false };

let binary = null; // the WebAssembly, fetched once per page
let prepared = null; // a context with RNNoise's worklet loaded while a call rang here, for the graph that answers it

const loadBinary = () => (binary ??= loadRnnoise({ url: `${library}/rnnoise.wasm`, simdUrl: `${library}/rnnoise_simd.wasm` }));

function newContext() {
  const context = new AudioContext({ sampleRate: 48000 }); // RNNoise's rate
  const loaded = context.audioWorklet.addModule(`${library}/rnnoise/workletProcessor.js`);
  loaded.catch(() => {}); // whoever builds the graph hears of it
  return { context, loaded };
}

/**
 * Loads RNNoise while a call rings, so that answering does not wait for it: a page's first graph took
 * 41-58 ms to build, of which the worklet's script 25-30 ms (every context loads it again) and the
 * WebAssembly's fetch about 20 ms (once a page). The context stays suspended until a graph uses it.
 */
export function prepareSuppression() {
  if (prepared || !suppressionWanted()) return;
  loadBinary();
  try {
    prepared = newContext();
    // Where no click is needed to start audio it would start at once, and render silence until answered.
    prepared.context.suspend().catch(() => {});
  } catch {
    // No audio processing here: answering finds out again, and goes without.
  }
}

/** Lets go of what was prepared for a call that was not answered here. */
export function releaseSuppression() {
  prepared?.context.close();
  prepared = null;
}

// A context the page may not start (no click on it yet) stays suspended and would send silence.
function running(context) {
  if (context.state === "running") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 2000);
    context.addEventListener("statechange", () => context.state === "running" && (clearTimeout(timer), resolve(true)));
    context.resume().catch(() => resolve(false));
  });
}

/**
 * The microphone through RNNoise: `track` is what to send, `use` puts another microphone behind the
 * same track, `stop` lets the graph go. Null where the page cannot process audio.
 */
export async function suppressNoise(microphone) {
  const { context, loaded } = prepared ?? newContext();
  prepared = null;
  try {
    const wasm = loadBinary();
    await loaded;
    const rnnoise = new RnnoiseWorkletNode(context, { wasmBinary: await wasm, maxChannels: 1 });
    // One channel in, so one out: a microphone that arrives as two would leave the second silent,
    // and the mono the call sends (their mean) 6 dB quieter.
    rnnoise.channelCount = 1;
    rnnoise.channelCountMode = "explicit";
    const output = context.createMediaStreamDestination();
    rnnoise.connect(output);
    let source = null;
    const use = (track) => {
      source?.disconnect();
      source = context.createMediaStreamSource(new MediaStream([track]));
      source.connect(rnnoise);
    };
    use(microphone);
    if (!(await running(context))) throw new Error("the page may not play audio yet");
    return { track: output.stream.getAudioTracks()[0], use, stop: () => context.close() };
  } catch (error) {
    console.warn("Noise suppression is not available:", error);
    context.close();
    return null;
  }
}
