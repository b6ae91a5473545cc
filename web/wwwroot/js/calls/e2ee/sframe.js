// SFrame ciphertexts (RFC 9605 §4.4) with the cipher suite AES_128_GCM_SHA256_128 (0x0004).
// WebCrypto has its AEAD whole (AES-GCM with the full 128-bit tag), where the AES-CTR-HMAC suites
// would need one built by hand from AES-CTR and HMAC; their shorter tags would save 6 to 12 bytes
// a frame, little beside a video frame, and a hand-built AEAD is one more thing to get wrong.

import { bigEndian, concat, utf8 } from "./bytes.js";
import { encodeHeader } from "./sframe-header.js";

export const cipherSuite = 0x0004;
const keyBytes = 16; // AEAD.Nk
const nonceBytes = 12; // AEAD.Nn
export const tagBytes = 16; // AEAD.Nt

const label = (text, kid) => concat(utf8(text), bigEndian(kid, 8), bigEndian(BigInt(cipherSuite), 2));

/**
 * The AES key and salt for one KID (RFC 9605 §4.4.2). WebCrypto's HKDF is Extract then Expand, and
 * with an empty salt and the label as info it is exactly the RFC's derivation. The RFC requires a
 * key to be used either to encrypt or to decrypt, never both: `usage` says which, and the AES key
 * can do nothing else.
 */
export async function deriveKeySalt(kid, baseKey, usage) {
  if (usage !== "encrypt" && usage !== "decrypt") throw new TypeError("An SFrame key is for encrypt or decrypt.");
  const secret = await crypto.subtle.importKey("raw", baseKey, "HKDF", false, ["deriveBits", "deriveKey"]);
  const hkdf = (info) => ({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info });
  const aes = { name: "AES-GCM", length: keyBytes * 8 };
  const key = await crypto.subtle.deriveKey(hkdf(label("SFrame 1.0 Secret key ", kid)), secret, aes, false, [usage]);
  const salt = await crypto.subtle.deriveBits(hkdf(label("SFrame 1.0 Secret salt ", kid)), secret, nonceBytes * 8);
  return { kid, key, salt: new Uint8Array(salt) };
}

function nonce(salt, ctr) {
  const counter = bigEndian(ctr, nonceBytes);
  return salt.map((byte, i) => byte ^ counter[i]);
}

const aead = (salt, ctr, aad) => ({ name: "AES-GCM", iv: nonce(salt, ctr), additionalData: aad, tagLength: tagBytes * 8 });

/** header + AEAD.Encrypt(key, salt ^ ctr, header + metadata, plaintext): one SFrame ciphertext. */
export async function seal({ kid, key, salt }, ctr, metadata, plaintext) {
  const header = encodeHeader(kid, ctr);
  const sealed = await crypto.subtle.encrypt(aead(salt, ctr, concat(header, metadata)), key, plaintext);
  return concat(header, new Uint8Array(sealed));
}

/**
 * The plaintext of an SFrame ciphertext whose header was read with decodeHeader (sframe-header.js),
 * or null when it does not authenticate under this key (tampered, or sealed with another key).
 */
export async function open({ key, salt }, header, metadata, ciphertext) {
  if (ciphertext.length < header.length + tagBytes) return null;
  const aad = concat(ciphertext.subarray(0, header.length), metadata);
  try {
    return new Uint8Array(await crypto.subtle.decrypt(aead(salt, header.ctr, aad), key, ciphertext.subarray(header.length)));
  } catch {
    return null;
  }
}
