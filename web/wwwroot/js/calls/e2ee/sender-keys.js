// This browser's media key for what it sends on a call: a random 16-byte SFrame base key under a
// KID, used for audio and video alike with one counter, so no (KID, CTR) is ever sealed twice.
// Rotating (when anyone joins or leaves) draws a new key under the next KID and seals every frame
// from then on with it at once: a leaver never gets the new key, and a newcomer only gets keys made
// after they came. KIDs count up from 0, so the first eight keys fit in the header's config byte and
// receivers can refuse a key that is not newer than the one they hold (receiver-keys.js).

import { deriveKeySalt } from "./sframe.js";
import { sealFrame } from "./media-frame.js";

const baseKeyBytes = 16;

async function mediaKey(kid) {
  const baseKey = crypto.getRandomValues(new Uint8Array(baseKeyBytes));
  return { kid, baseKey, sealing: await deriveKeySalt(kid, baseKey, "encrypt"), next: 0n };
}

export async function createSenderKeys() {
  let current = await mediaKey(0n);
  let rotating = Promise.resolve();
  const shareable = () => ({ kid: current.kid, baseKey: current.baseKey });

  return {
    /** The key to send to each participant (key-wrap.js): `{ kid, baseKey }`. */
    get current() {
      return shareable();
    },

    /** Replaces the key with a new random one under the next KID; resolves to it once frames use it. */
    rotate() {
      rotating = rotating.then(async () => {
        current = await mediaKey(current.kid + 1n);
      });
      return rotating.then(shareable);
    },

    /** The encrypted form of one encoded frame of the codec `mimeType` (see clear-bytes.js). */
    encryptFrame(mimeType, frame) {
      const key = current;
      const ctr = key.next++;
      return sealFrame(key.sealing, ctr, mimeType, frame);
    },
  };
}
