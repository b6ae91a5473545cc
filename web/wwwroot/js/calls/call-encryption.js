// End-to-end encryption of a call's media through the media server, as the person sees it: the call
// says "End-to-end encrypted" and shows each participant's safety code on request, and a contact
// whose device key changed since the last call is named on the call screen. Frames are sealed and
// opened in the frame worker (e2ee/encryption.js); keys travel through the hub, wrapped for each
// device (e2ee/call-keys.js). Every call announces its keys, direct or not, so that a call moving
// to the media server has them already; direct connections keep DTLS alone (docs/architecture.md).
// A browser that cannot encrypt frames is told so and leaves a call when it moves to the media
// server: its media would go through readable, and it could not read anyone else's.
import { canEncrypt, createEncryption } from "./e2ee/encryption.js";
import { openDeviceStore } from "./e2ee/device-store.js";
import { createCallKeys, ignored } from "./e2ee/call-keys.js";
import { named } from "../shell/people.js";
import { sentence } from "../shell/isolate.js";
import { tell as tellHub } from "../shell/signaling.js";
import { cannotEncrypt } from "./words.js";

const $ = (selector) => document.querySelector(selector);

export function createCallEncryption({ state, connection, notify, hangUp }) {
  const ui = {
    badge: $("[data-call-encrypted]"),
    open: $("[data-call-safety-open]"),
    dialog: $("[data-call-safety]"),
    list: $("[data-call-safety-list]"),
    close: $("[data-call-safety-close]"),
    changes: $("[data-call-key-changes]"),
  };
  const encryption = canEncrypt() ? createEncryption() : null;
  let device = null; // this person's keys on this device, once a call needed them
  let current = null; // { callId, keys: Promise, steps: Promise }

  const profileOf = (userId) => state.call?.peers.get(userId)?.profile;

  // A refused call is reported by the hub's reply; the keys go on with whoever did get them.
  const tell = (method, ...args) => tellHub(connection, method, ...args);

  function identityChanged(call, userId) {
    if (current !== call) return;
    const profile = profileOf(userId);
    if (!profile) return;
    const notice = document.createElement("p");
    notice.append(...sentence`Safety code changed: ${named(profile)}. Their device is new, or someone is between you: compare your safety codes.`);
    ui.changes.append(notice);
  }

  function begin(callId) {
    if (!encryption || current?.callId === callId) return;
    device ??= openDeviceStore(document.body.dataset.userId);
    const call = { callId };
    call.keys = (async () => {
      const { identity, knownKeys } = await device;
      const keys = createCallKeys({
        callId,
        identity,
        senderKeys: await encryption.begin(),
        announce: (publicKey) => tell("AnnounceIdentity", callId, publicKey),
        sendKey: (userId, message) => tell("SendMediaKey", callId, userId, message),
        install: (userId, key) => encryption.install(userId, key),
        uninstall: (userId) => encryption.uninstall(userId),
        knownKeys,
        onIdentityChanged: (userId) => identityChanged(call, userId),
      });
      await keys.start();
      return keys;
    })();
    call.steps = call.keys;
    current = call;
  }

  /** One step at a time, in the order the hub told them, once the call's keys are made. */
  function step(callId, use) {
    if (current?.callId !== callId) return;
    const call = current;
    call.steps = call.steps.then(async () => {
      if (current === call) await use(await call.keys);
    }).catch((error) => console.error("call keys", error));
  }

  ui.open.addEventListener("click", async () => {
    const keys = await current?.keys;
    const codes = keys ? await keys.safetyCodes() : [];
    const items = codes.filter(({ userId }) => profileOf(userId)).map(({ userId, code }) => {
      const item = document.createElement("li");
      const name = document.createElement("strong");
      name.append(...named(profileOf(userId)));
      const digits = document.createElement("code");
      digits.textContent = code;
      item.append(name, digits);
      return item;
    });
    if (items.length === 0) items.push("Waiting for the others' keys…");
    ui.list.replaceChildren(...items);
    ui.dialog.showModal();
  });
  ui.close.addEventListener("click", () => ui.dialog.close());

  return {
    /** While a call rings or is being placed: the device's keys and the frame worker, ready for it. */
    prepare() {
      if (!encryption) return;
      // A device store that cannot open fails the call's keys when the call begins, not the ring.
      device ??= openDeviceStore(document.body.dataset.userId);
      device.catch(() => {});
      encryption.prepare();
    },
    /** This tab takes part in the call `callId` from now on. */
    begin,
    identityAnnounced: ({ callId, userId, publicKey }) => step(callId, (keys) => keys.identityAnnounced(userId, publicKey)),
    mediaKey: ({ callId, from, message }) => step(callId, async (keys) => {
      const refused = await keys.mediaKey(from, message);
      if (refused && refused !== ignored.awaitingIdentity) console.warn("a media key was refused", from, refused);
    }),
    left: (callId, userId) => step(callId, (keys) => keys.left(userId)),
    /** The call's media moves to the media server: true when this browser can take part encrypted. */
    forwarded() {
      if (!encryption) {
        notify(cannotEncrypt);
        hangUp();
        return false;
      }
      ui.badge.hidden = false;
      return true;
    },
    /** The call went back to its direct connections. */
    direct: () => (ui.badge.hidden = true),
    /** Resolves once this tab's sender key exists: nothing is published before it can be sealed. */
    ready: () => current?.keys,
    /** Whose media each receiving line carries: [mid, userId] pairs. */
    lines: (carried) => encryption.lines(carried),
    seal: (sender) => encryption.seal(sender),
    open: (receiver, mid) => encryption.open(receiver, mid),
    end() {
      current = null;
      ui.badge.hidden = true;
      ui.changes.replaceChildren();
      if (ui.dialog.open) ui.dialog.close();
    },
  };
}
