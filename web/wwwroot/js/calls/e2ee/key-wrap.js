// A media key sent to one other participant through Viv's server, which relays the message but
// cannot read it. The sender and the recipient agree on a secret by X25519 between their identity
// keys (static on both sides, so the message also proves which identity sent it); HKDF-SHA256 turns
// it into a one-message AES-GCM key, with a random salt and an info string binding the direction
// (sender's then recipient's public key), the KID and the call. The same binding is the AES-GCM
// additional data, so a message opens only for the recipient it names, from the sender it names,
// in the call it names, under the KID it claims. X25519 being symmetric, the direction in the info
// keeps a message from being reflected back to its sender as if the recipient had sent it.
//
// The message is JSON: { v: 1, call, kid, from, to, salt, iv, key }, binary fields in base64url
// (public keys 32 bytes, salt 16, iv 12, key 32: the 16-byte media key and the 16-byte tag).

import { bigEndian, concat, equal, fromBase64Url, toBase64Url, utf8 } from "./bytes.js";
import { importPublicKey, publicKeyBytes } from "./identity.js";

const version = 1;
const saltBytes = 16;
const ivBytes = 12;
const mediaKeyBytes = 16;
const tagBytes = 16;

/** Why a key message was not opened; nothing is installed when it is refused. */
export const refusal = Object.freeze({
  malformed: "malformed",
  otherCall: "other-call",
  otherRecipient: "other-recipient",
  otherSender: "other-sender",
  tampered: "tampered",
});

const binding = (from, to, kid, callId) =>
  concat(utf8("Viv media key v1"), from, to, bigEndian(kid, 8), utf8(callId));

async function messageKey(myPrivateKey, theirPublicKey, salt, info, usage) {
  const shared = await crypto.subtle.deriveBits({ name: "X25519", public: theirPublicKey }, myPrivateKey, 256);
  const ikm = await crypto.subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  const aes = { name: "AES-GCM", length: 128 };
  return crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt, info }, ikm, aes, false, [usage]);
}

/**
 * The message that gives `mediaKey` ({ kid, baseKey }, from sender-keys.js) to the device whose
 * raw public key is `recipient`, for the call `callId` (its id as the hub gives it).
 */
export async function wrapMediaKey({ identity, recipient, callId, mediaKey }) {
  const theirs = await importPublicKey(recipient);
  const { kid, baseKey } = mediaKey;
  const kidFits = typeof kid === "bigint" && kid >= 0n && kid <= BigInt(Number.MAX_SAFE_INTEGER);
  if (!theirs || typeof callId !== "string" || !kidFits || baseKey?.length !== mediaKeyBytes) {
    throw new TypeError("A media key is 16 bytes under a KID below 2^53, wrapped for an X25519 public key and a call id.");
  }
  const salt = crypto.getRandomValues(new Uint8Array(saltBytes));
  const iv = crypto.getRandomValues(new Uint8Array(ivBytes));
  const info = binding(identity.publicRaw, recipient, kid, callId);
  const key = await messageKey(identity.privateKey, theirs, salt, info, "encrypt").catch(() => {
    throw new TypeError("The recipient's key is a low-order X25519 point, which agrees on an all-zero secret.");
  });
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: info }, key, baseKey));
  return {
    v: version,
    call: callId,
    kid: Number(kid),
    from: toBase64Url(identity.publicRaw),
    to: toBase64Url(recipient),
    salt: toBase64Url(salt),
    iv: toBase64Url(iv),
    key: toBase64Url(sealed),
  };
}

function parse(message) {
  if (typeof message !== "object" || message === null || message.v !== version) return null;
  if (typeof message.call !== "string" || !Number.isSafeInteger(message.kid) || message.kid < 0) return null;
  const bytes = (field, length) => {
    const value = fromBase64Url(message[field]);
    return value?.length === length ? value : null;
  };
  const fields = {
    from: bytes("from", publicKeyBytes),
    to: bytes("to", publicKeyBytes),
    salt: bytes("salt", saltBytes),
    iv: bytes("iv", ivBytes),
    key: bytes("key", mediaKeyBytes + tagBytes),
  };
  if (Object.values(fields).includes(null)) return null;
  return { ...fields, call: message.call, kid: BigInt(message.kid) };
}

/**
 * `{ kid, baseKey }` from a key message (as parsed from JSON) that `sender` (the raw public key
 * this browser knows for the participant it came from) wrapped for this `identity` in `callId`;
 * otherwise `{ refused }` with a code from `refusal`. Never throws on bad input.
 */
export async function unwrapMediaKey({ identity, sender, callId, message }) {
  const parsed = parse(message);
  if (!parsed) return { refused: refusal.malformed };
  if (parsed.call !== callId) return { refused: refusal.otherCall };
  if (!equal(parsed.to, identity.publicRaw)) return { refused: refusal.otherRecipient };
  if (!(sender instanceof Uint8Array) || !equal(parsed.from, sender)) return { refused: refusal.otherSender };
  const theirs = await importPublicKey(parsed.from);
  if (!theirs) return { refused: refusal.malformed };
  const info = binding(parsed.from, parsed.to, parsed.kid, callId);
  try {
    const key = await messageKey(identity.privateKey, theirs, parsed.salt, info, "decrypt");
    const baseKey = await crypto.subtle.decrypt({ name: "AES-GCM", iv: parsed.iv, additionalData: info }, key, parsed.key);
    return { kid: parsed.kid, baseKey: new Uint8Array(baseKey) };
  } catch {
    return { refused: refusal.tampered };
  }
}
