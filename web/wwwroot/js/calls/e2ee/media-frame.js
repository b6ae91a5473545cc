// A whole encoded frame on an encrypted call: the bytes the media server reads, in clear, then one
// SFrame ciphertext of the rest. The clear bytes are the SFrame metadata (RFC 9605 §4.4.3), so they
// are authenticated with the frame: changing them makes the frame fail like changing the picture.
// Of a VP8 frame the clear tag is sent so that no decoder takes the frame, the tag itself sealed
// ahead of the rest (clear-bytes.js).

import { clearByteCount, hideFromDecoders, isSupportedCodec, restoreForDecoders } from "./clear-bytes.js";
import { concat } from "./bytes.js";
import { decodeHeader } from "./sframe-header.js";
import { open, seal, tagBytes } from "./sframe.js";

/** The encrypted frame for `frame` (a Uint8Array of the codec `mimeType`), under the sender's key and counter. */
export async function sealFrame(senderKey, ctr, mimeType, frame) {
  const clear = clearByteCount(mimeType, frame);
  const { sent, sealed } = hideFromDecoders(mimeType, frame.subarray(0, clear));
  return concat(sent, await seal(senderKey, ctr, sent, concat(sealed, frame.subarray(clear))));
}

/**
 * Why a frame was not decrypted; a refused frame is dropped, never shown or played.
 * unknown-kid: no key for it (not received yet, or retired); the others mean the frame is not a
 * genuine frame from this sender, or was already played.
 */
export const refusal = Object.freeze({
  unsupportedCodec: "unsupported-codec",
  truncated: "truncated",
  unknownKid: "unknown-kid",
  replayed: "replayed",
  forged: "forged",
});

/**
 * `{ frame }` with the decrypted frame, or `{ refused }` with a code from `refusal`. `keyFor(kid)`
 * gives the receiving key and its replay window for a KID, or nothing. Never throws on bad input.
 */
export async function openFrame(keyFor, mimeType, data) {
  if (!isSupportedCodec(mimeType)) return { refused: refusal.unsupportedCodec };
  const clear = clearByteCount(mimeType, data);
  const ciphertext = data.subarray(clear);
  const header = decodeHeader(ciphertext);
  if (!header || ciphertext.length < header.length + tagBytes) return { refused: refusal.truncated };
  const receiving = keyFor(header.kid);
  if (!receiving) return { refused: refusal.unknownKid };
  if (!receiving.replay.allows(header.ctr)) return { refused: refusal.replayed };
  const metadata = data.subarray(0, clear);
  const plaintext = await open(receiving.key, header, metadata, ciphertext);
  if (!plaintext) return { refused: refusal.forged };
  const restored = restoreForDecoders(mimeType, metadata, plaintext);
  if (!restored) return { refused: refusal.truncated };
  if (!receiving.replay.accept(header.ctr)) return { refused: refusal.replayed };
  return { frame: concat(restored.clear, restored.rest) };
}
