// Byte strings as the key messages and the frame format carry them. Native clients read the same
// encodings: base64url without padding (RFC 4648 §5) for every binary field of a JSON message, and
// big-endian integers everywhere, as SFrame does.

/** The bytes of all the given arrays, one after the other. */
export function concat(...parts) {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** Whether two byte strings are the same. Only public values are compared, so time does not matter. */
export function equal(a, b) {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** An unsigned integer (bigint) as exactly `length` big-endian bytes. */
export function bigEndian(value, length) {
  const bytes = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--, value >>= 8n) bytes[i] = Number(value & 0xffn);
  return bytes;
}

/** A string as UTF-8. */
export const utf8 = (text) => new TextEncoder().encode(text);

export function toBase64Url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The bytes of a base64url string, or null when it is not one (padding and other alphabets are refused). */
export function fromBase64Url(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
