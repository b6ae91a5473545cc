// The keys of one encrypted call as this browser handles them. It announces its device's identity
// key to the call; whenever another participant's identity arrives (someone came, or reloaded) or
// someone leaves, it draws a new media key, sends it to every participant it knows, each copy
// wrapped for that device alone (key-wrap.js), and seals with it a moment later (`switchDelayMs`),
// so that the key is there before the frames: nobody sees a glitch, a newcomer never holds a key
// that sealed anything before they came, and a leaver never gets the next one (what is sealed in
// the second after they left, two if a rotation was under way, is still under a key they hold). Keys others send are
// installed once they open under the identity the call announced for their sender. It seals and
// opens no frame itself: `senderKeys` and `install` reach whatever does (the transform's worker).
//
// Identity keys are remembered per contact across calls (`knownKeys`, IndexedDB in the page): one
// that differs from last time is reported before anything is sent to it, as "Safety code changed".

import { decodePublicKey, encodePublicKey } from "./identity.js";
import { unwrapMediaKey, wrapMediaKey } from "./key-wrap.js";
import { previousKeyLifetimeMs } from "./receiver-keys.js";
import { safetyCode } from "./safety-code.js";

// A key message crosses the hub in tens of milliseconds; a second leaves room for a slow network.
// It must stay below the time receivers keep the previous key, which the sender still seals with
// until then.
export const switchDelayMs = 1000;
if (switchDelayMs >= previousKeyLifetimeMs) throw new Error("A new key must be used before receivers drop the previous one.");

/** Why a key message from the call was not installed (yet). */
export const ignored = Object.freeze({ awaitingIdentity: "awaiting-identity" });

// Key messages from someone whose identity has not arrived yet: a newcomer sends its key as soon as it
// knows everyone, which can be before everyone knows it. Only the latest per sender matters.
const mostAwaiting = 64;

/**
 * `identity`: this device's (identity.js); `senderKeys`: next/advance/current as sender-keys.js;
 * `announce(publicKey)` and `sendKey(userId, message)` go to the hub; `install(userId, key)` hands a
 * sender's key to what opens their frames, and `uninstall(userId)` forgets them all (a page that
 * comes back counts its keys from 0 again); `knownKeys` has async get/set of a contact's public key
 * (base64url) by user id; `onIdentityChanged(userId)` is told a contact's key differs from last time.
 */
export function createCallKeys({ callId, identity, senderKeys, announce, sendKey, install, uninstall, knownKeys, onIdentityChanged, wait = (ms) => new Promise((done) => setTimeout(done, ms)) }) {
  const peers = new Map(); // userId → raw identity public key, as the call announced it
  const awaiting = new Map(); // userId → their latest key message, until their identity arrives
  let unused = null; // the drawn key while it waits to be used: a newcomer may get it as it is
  let rotations = Promise.resolve();

  async function give(userId, key) {
    const recipient = peers.get(userId);
    if (!recipient) return;
    await sendKey(userId, await wrapMediaKey({ identity, recipient, callId, mediaKey: key }));
  }

  /** Resolves once the new key was sent; frames use it `switchDelayMs` later. */
  function rotate() {
    let sent;
    const sending = new Promise((done) => (sent = done));
    rotations = rotations.then(async () => {
      try {
        unused = await senderKeys.next();
        await Promise.all([...peers.keys()].map((userId) => give(userId, unused)));
      } finally {
        sent();
      }
      await wait(switchDelayMs);
      unused = null;
      await senderKeys.advance();
    }).catch((error) => console.error("media key rotation failed", error));
    return sending;
  }

  return {
    /** Tells the call this device's identity key. */
    start: () => announce(encodePublicKey(identity.publicRaw)),

    /** Someone's identity key, as the call announced it: they get a key that never sealed anything before. */
    async identityAnnounced(userId, publicKey) {
      const raw = decodePublicKey(publicKey);
      if (!raw) return;
      const before = await knownKeys.get(userId);
      if (before && before !== publicKey) onIdentityChanged(userId);
      await knownKeys.set(userId, publicKey);
      const again = peers.get(userId)?.every((byte, i) => byte === raw[i]);
      peers.set(userId, raw);
      if (awaiting.has(userId)) {
        const message = awaiting.get(userId);
        awaiting.delete(userId);
        await this.mediaKey(userId, message);
      }
      // The same device again (its connection came back) may have missed the keys it was entitled to.
      if (again) await give(userId, senderKeys.current);
      if (unused) return give(userId, unused);
      return again ? undefined : rotate();
    },

    /** A key message the call relayed from `from`: installed, or why not. */
    async mediaKey(from, message) {
      const sender = peers.get(from);
      if (!sender) {
        awaiting.delete(from);
        if (awaiting.size < mostAwaiting) awaiting.set(from, message);
        return ignored.awaitingIdentity;
      }
      const opened = await unwrapMediaKey({ identity, sender, callId, message });
      if (opened.refused) return opened.refused;
      await install(from, opened);
      return null;
    },

    /** Someone left: a new key for those still here, which the leaver never gets. */
    left(userId) {
      awaiting.delete(userId);
      if (!peers.delete(userId)) return Promise.resolve();
      uninstall(userId);
      unused = null;
      return rotate();
    },

    /** Each participant's safety code with this device, for those whose identity is known. */
    safetyCodes: () => Promise.all([...peers].map(async ([userId, raw]) => ({ userId, code: await safetyCode(identity.publicRaw, raw) }))),

    /** Resolves once every rotation asked for so far is done (keys sent and in use). */
    settled: () => rotations,
  };
}
