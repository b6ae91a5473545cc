// This browser's media key for what it sends on a call: a random 16-byte SFrame base key under a
// KID, used for audio and video alike with one counter, so no (KID, CTR) is ever sealed twice.
// Rotating (when anyone joins or leaves) draws a new key under the next KID: a leaver never gets
// the new key, and a newcomer only gets keys made after they came. It can happen in two steps, so
// that the key reaches everyone before frames use it (call-keys.js): `next` draws it, `advance`
// seals every frame from then on with it. KIDs count up from 0, so the first eight keys fit in the
// header's config byte and receivers can refuse a key that is not newer than the one they hold
// (receiver-keys.js).

import { deriveKeySalt } from "./sframe.js";
import { sealFrame } from "./media-frame.js";

const baseKeyBytes = 16;

async function mediaKey(kid) {
  const baseKey = crypto.getRandomValues(new Uint8Array(baseKeyBytes));
  return { kid, baseKey, sealing: await deriveKeySalt(kid, baseKey, "encrypt"), next: 0n };
}

export async function createSenderKeys() {
  let current = await mediaKey(0n);
  let drawn = null; // the next key, once drawn and until frames use it
  let rotating = Promise.resolve();
  const shareable = (key) => ({ kid: key.kid, baseKey: key.baseKey });
  const queue = (step) => (rotating = rotating.then(step));

  return {
    /** The key frames are sealed with, to send to each participant (key-wrap.js): `{ kid, baseKey }`. */
    get current() {
      return shareable(current);
    },

    /** Draws a new random key under the next KID (again the same until `advance`); frames keep the current one. */
    next() {
      return queue(async () => {
        drawn ??= await mediaKey(current.kid + 1n);
        return shareable(drawn);
      });
    },

    /** Seals every frame from now on with the key `next` drew; resolves to the key frames use. */
    advance() {
      return queue(() => {
        if (drawn) [current, drawn] = [drawn, null];
        return shareable(current);
      });
    },

    /** Replaces the key with a new random one under the next KID at once; resolves to it once frames use it. */
    rotate() {
      return queue(async () => {
        current = drawn ?? (await mediaKey(current.kid + 1n));
        drawn = null;
        return shareable(current);
      });
    },

    /** The encrypted form of one encoded frame of the codec `mimeType` (see clear-bytes.js). */
    encryptFrame(mimeType, frame) {
      const key = current;
      const ctr = key.next++;
      return sealFrame(key.sealing, ctr, mimeType, frame);
    },
  };
}
