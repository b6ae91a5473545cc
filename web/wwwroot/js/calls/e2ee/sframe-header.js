// The SFrame header (RFC 9605 §4.3): a config byte |X|KKK|Y|CCC| then the KID and the counter as
// minimal big-endian integers. Values up to 7 sit in the config byte itself, so the first eight keys
// of a sender and the first eight frames under each cost one byte in all. KID and CTR are bigints
// because the RFC allows both up to 2^64 - 1.

const max = (1n << 64n) - 1n;

function minimalBytes(value) {
  let length = 1;
  while (value >> BigInt(8 * length) > 0n) length++;
  return length;
}

function field(value) {
  if (value < 8n) return { bits: Number(value), extended: 0, bytes: [] };
  const length = minimalBytes(value);
  const bytes = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return { bits: length - 1, extended: 1, bytes };
}

/** The header for a key id and a counter, both bigints in [0, 2^64). */
export function encodeHeader(kid, ctr) {
  if (typeof kid !== "bigint" || typeof ctr !== "bigint" || kid < 0n || ctr < 0n || kid > max || ctr > max) {
    throw new RangeError("An SFrame KID and CTR are integers from 0 to 2^64 - 1.");
  }
  const k = field(kid);
  const c = field(ctr);
  const config = (k.extended << 7) | (k.bits << 4) | (c.extended << 3) | c.bits;
  return Uint8Array.from([config, ...k.bytes, ...c.bytes]);
}

function readInteger(bytes, at, length) {
  let value = 0n;
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(bytes[at + i]);
  return value;
}

/**
 * The key id, counter and header length at the start of `bytes`, or null when they are not a whole
 * header. A header that is not minimal is refused too: the RFC requires the minimal form, and a
 * second spelling of the same (KID, CTR) would be a second AAD for one nonce.
 */
export function decodeHeader(bytes) {
  if (bytes.length < 1) return null;
  const config = bytes[0];
  const kidLength = config & 0x80 ? ((config >> 4) & 0x07) + 1 : 0;
  const ctrLength = config & 0x08 ? (config & 0x07) + 1 : 0;
  const length = 1 + kidLength + ctrLength;
  if (bytes.length < length) return null;
  const kid = kidLength ? readInteger(bytes, 1, kidLength) : BigInt((config >> 4) & 0x07);
  const ctr = ctrLength ? readInteger(bytes, 1 + kidLength, ctrLength) : BigInt(config & 0x07);
  const minimal = (value, written) => written === 0 || (value >= 8n && minimalBytes(value) === written);
  if (!minimal(kid, kidLength) || !minimal(ctr, ctrLength)) return null;
  return { kid, ctr, length };
}
