// Noise suppression: the microphone goes through RNNoise (a small neural network that tells a voice
// from noise, keyboards and fans included, where the browser's own suppression takes steady noise
// only) in an AudioWorklet, and the track sent is the worklet's output. The browser's own
// suppression is asked off, so that "off" means off. Switching rewires the audio graph behind that
// same track: nobody renegotiates. The choice is this browser's (Settings, or the call's switch).
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
 * The microphone `track` through RNNoise, on or off as `on` says: `track` is what to send, `set`
 * switches, `use` puts another microphone behind the same track. Null where the page cannot
 * process audio (then the microphone is sent as it is).
 */
export async function suppressNoise(microphone, on) {
  const context = new AudioContext({ sampleRate: 48000 }); // RNNoise's rate
  try {
    binary ??= loadRnnoise({ url: `${library}/rnnoise.wasm`, simdUrl: `${library}/rnnoise_simd.wasm` });
    await context.audioWorklet.addModule(`${library}/rnnoise/workletProcessor.js`);
    const rnnoise = new RnnoiseWorkletNode(context, { wasmBinary: await binary, maxChannels: 1 });
    // One channel in, so one out: a microphone that arrives as two would leave the second silent,
    // and the mono the call sends (their mean) 6 dB quieter.
    rnnoise.channelCount = 1;
    rnnoise.channelCountMode = "explicit";
    const output = context.createMediaStreamDestination();
    let source = null;
    const wire = () => {
      source.disconnect();
      rnnoise.disconnect();
      if (on) source.connect(rnnoise).connect(output);
      else source.connect(output);
    };
    const use = (track) => {
      source?.disconnect();
      source = context.createMediaStreamSource(new MediaStream([track]));
      wire();
    };
    use(microphone);
    if (!(await running(context))) throw new Error("the page may not play audio yet");
    return {
      track: output.stream.getAudioTracks()[0],
      get on() {
        return on;
      },
      set(value) {
        on = value;
        wire();
      },
      use,
      stop: () => context.close(),
    };
  } catch (error) {
    console.warn("Noise suppression is not available:", error);
    context.close();
    return null;
  }
}
