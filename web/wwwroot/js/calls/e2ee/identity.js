// A device's identity key pair: X25519, which Chromium (156 here) and Node 20 both have in
// WebCrypto, with 32-byte public keys that are easy to carry, compare and hash into a safety code,
// where P-256 points have two encodings and need validating. (A low-order X25519 key agrees on an
// all-zero secret, which WebCrypto refuses to derive.) The private half is made non-extractable,
// so script on the page, or anything reading the IndexedDB where the CryptoKeyPair is kept, can use
// it but never read it out. The public half travels as its 32 raw bytes, base64url in messages.

import { fromBase64Url, toBase64Url } from "./bytes.js";

const algorithm = { name: "X25519" };
export const publicKeyBytes = 32;

const describe = async (keys) => ({
  privateKey: keys.privateKey,
  publicKey: keys.publicKey,
  publicRaw: new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey)),
});

/** A new identity: `{ privateKey, publicKey, publicRaw }`, the private key non-extractable. */
export async function createIdentity() {
  return describe(await crypto.subtle.generateKey(algorithm, false, ["deriveBits"]));
}

/** The same identity again from the CryptoKeyPair kept in IndexedDB (structured clone keeps CryptoKeys). */
export const restoreIdentity = describe;

/** Another device's public key from its raw bytes, or null when they are not an X25519 public key. */
export async function importPublicKey(raw) {
  if (!(raw instanceof Uint8Array) || raw.length !== publicKeyBytes) return null;
  try {
    return await crypto.subtle.importKey("raw", raw, algorithm, true, []);
  } catch {
    return null;
  }
}

/** A public key as it travels in messages. */
export const encodePublicKey = toBase64Url;

/** A public key's raw bytes from a message, or null. */
export function decodePublicKey(text) {
  const raw = fromBase64Url(text);
  return raw?.length === publicKeyBytes ? raw : null;
}
