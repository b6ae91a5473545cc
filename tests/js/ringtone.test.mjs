// The ringtone between rings: its AudioContext is suspended once the ringing stops, so a page that
// rang once does not render silence for the rest of its life. Node has no Web Audio, so a context
// that keeps the state a browser's would (running after resume, suspended after suspend) stands in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRingtone } from "../../web/wwwroot/js/calls/ringtone.js";

class RecordedContext {
  static made = [];
  state = "suspended";
  currentTime = 0;
  destination = {};
  tones = [];
  constructor() {
    RecordedContext.made.push(this);
  }
  resume() {
    this.state = "running";
    return Promise.resolve();
  }
  suspend() {
    this.state = "suspended";
    return Promise.resolve();
  }
  createGain() {
    return { gain: {}, connect() {} };
  }
  createOscillator() {
    // A tone plays from start() until the time its stop() names, or at once without one.
    const tone = { frequency: {}, connect() {}, start: () => (tone.endsAt = Infinity), stop: (when = this.currentTime) => (tone.endsAt = when) };
    this.tones.push(tone);
    return tone;
  }
}

test("the ringtone's audio runs only while it rings, in one context for every ring", { timeout: 5_000 }, () => {
  globalThis.AudioContext = RecordedContext;
  const ringtone = createRingtone();
  try {
    ringtone.stop();
    assert.equal(RecordedContext.made.length, 0, "stopping a ringtone that never rang opens no audio");

    ringtone.start();
    const [context] = RecordedContext.made;
    assert.equal(context.state, "running");
    assert.deepEqual(context.tones.map((t) => t.frequency.value), [440, 480]);
    assert.deepEqual(context.tones.map((t) => t.endsAt), [2, 2], "each burst lasts two seconds");

    ringtone.stop();
    assert.equal(context.state, "suspended");
    assert.deepEqual(context.tones.map((t) => t.endsAt), [0, 0], "the tones stop with the ringing");

    ringtone.start();
    assert.equal(RecordedContext.made.length, 1, "the next call rings in the same context");
    assert.equal(context.state, "running");
    ringtone.stop();
    ringtone.stop();
    assert.equal(context.state, "suspended");
  } finally {
    ringtone.stop(); // a failed assertion must not leave its timer keeping the test process alive
    delete globalThis.AudioContext;
  }
});
