// The keys one other participant sends with, as this browser receives them (after key-wrap.js has
// opened them). A sender seals with a new key as soon as it rotates, so the frames still in flight
// under the previous key are at most a network trip and a jitter buffer late (well under a second in
// Chromium). The previous key is therefore kept 3 seconds after a newer one arrives and then
// dropped, and only one previous key is kept: a leaver holds that key, and the shorter it stays
// accepted, the shorter anyone holding it (with the server's help) can slip forged frames in.
// A key whose KID is not newer than the newest held is refused, so an old key message replayed by
// the server cannot bring a retired key back.

import { createReplayWindow } from "./replay-window.js";
import { deriveKeySalt } from "./sframe.js";
import { openFrame } from "./media-frame.js";

export const previousKeyLifetimeMs = 3000;

/** `now` gives milliseconds (performance.now in a browser); tests pass a clock of their own. */
export function createReceiverKeys({ now = () => performance.now() } = {}) {
  let newest = null; // { kid, key, replay }
  let previous = null; // { kid, key, replay, until }

  const keyFor = (kid) => {
    if (newest?.kid === kid) return newest;
    if (previous?.kid === kid && now() < previous.until) return previous;
    return undefined;
  };

  return {
    /** Takes a received `{ kid, baseKey }`; false (and nothing changes) when its KID is not newer than the newest held. */
    async add({ kid, baseKey }) {
      if (newest && kid <= newest.kid) return false;
      const key = await deriveKeySalt(kid, baseKey, "decrypt");
      if (newest && kid <= newest.kid) return false;
      if (newest) previous = { ...newest, until: now() + previousKeyLifetimeMs };
      newest = { kid, key, replay: createReplayWindow() };
      return true;
    },

    /** `{ frame }` or `{ refused }`, as media-frame.js openFrame says. */
    decryptFrame(mimeType, data) {
      return openFrame(keyFor, mimeType, data);
    },
  };
}
