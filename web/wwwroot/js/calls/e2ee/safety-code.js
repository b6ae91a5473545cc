// The safety code two people read to each other to know that no one stands between their devices:
// the same 40 digits on both sides, derived from both identity public keys alone.
//
// SHA-512 of a label and the two 32-byte keys, the smaller key first so that both sides hash the
// same bytes. The first 40 bytes of the hash become eight groups of five digits, each group five
// bytes read as a big-endian integer modulo 100000 (as Signal turns its fingerprints into digits;
// the bias of 2^40 mod 100000 is below 10^-7).
//
// Why 40 digits: a server standing in the middle gives each person a key of its own, so it needs
// code(A, its key for A) = code(its key for B, B), with both of its keys free to choose. That is a
// collision, found in about the square root of the number of codes: 12 digits would fall to a
// million key pairs each side (under a minute), 20 digits to 2^33 (two days on one core); 40
// digits (132 bits) need 2^66. Eight groups of five are read aloud in about twenty seconds, once per contact.

import { concat, utf8 } from "./bytes.js";

const groups = 8;
const groupBytes = 5;
const groupDigits = 5;

function compare(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The code for two raw identity public keys, as eight groups of five digits; the same whichever comes first. */
export async function safetyCode(oneKey, otherKey) {
  const [first, second] = compare(oneKey, otherKey) <= 0 ? [oneKey, otherKey] : [otherKey, oneKey];
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-512", concat(utf8("Viv safety code v1"), first, second)));
  const parts = [];
  for (let g = 0; g < groups; g++) {
    let value = 0n;
    for (const byte of digest.subarray(g * groupBytes, (g + 1) * groupBytes)) value = (value << 8n) | BigInt(byte);
    parts.push(String(value % 100000n).padStart(groupDigits, "0"));
  }
  return parts.join(" ");
}
