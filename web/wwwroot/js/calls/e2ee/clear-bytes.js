// How many leading bytes of an encoded frame stay readable, so that the media server can still do
// its work on an encrypted call (as Jitsi does). Viv sends only these codecs: Janus rooms are made
// with videocodec vp8 and its default Opus (grains/Media/MediaServer.cs), and in mesh calls Chromium
// offers VP8 and Opus first (checked on Chromium 156: m=video 96 VP8, m=audio 111 opus), whether
// the video is the camera or a shared screen (one sender carries both, calls.js). Any other codec
// is refused rather than guessed at: a wrong guess would hide what the server needs, or show media.

// VP8 (RFC 6386 §9.1): every frame starts with a 3-byte frame tag (key frame bit, version, show
// frame, first partition size); a key frame adds a 3-byte start code and 4 bytes of width and
// height. Janus reads these to find key frames and their size when it switches simulcast layers,
// and the receiving Chromium reads the key frame bit before any transform sees the frame.
// Everything after is the compressed picture.
const vp8KeyFrame = 10;
const vp8DeltaFrame = 3;
// Opus (RFC 6716 §3.1): the TOC byte says the mode, bandwidth and frame count; the rest is speech.
const opusToc = 1;

const codecs = {
  "video/vp8": (frame) => ((frame[0] & 0x01) === 0 ? vp8KeyFrame : vp8DeltaFrame),
  "audio/opus": () => opusToc,
};

// A decoder that is given a sealed frame (the media server's operator subscribing to a room) must
// refuse it rather than decode the ciphertext into noise. So the VP8 frame tag is sent with its first
// partition size (19 bits) at the largest value there is, longer than any frame Viv sends, which
// libvpx refuses before reading on ("Truncated packet or corrupt partition 0 length"); Janus and the
// receiving Chromium read only the tag's key frame bit and the key frame's start code and size. The
// tag as the encoder wrote it travels sealed, at the start of the plaintext. Opus hides nothing.
const vp8Tag = 3;
const hidden = {
  "video/vp8": (clear) => Math.min(clear.length, vp8Tag),
  "audio/opus": () => 0,
};
const largestPartition = [0xe0, 0xff, 0xff]; // the size's bits in the tag's three bytes, little-endian, after 5 bits of flags

/** Whether frames of this codec (a MIME type as in RTCRtpCodec, e.g. "video/VP8") can be encrypted here. */
export const isSupportedCodec = (mimeType) => Object.hasOwn(codecs, String(mimeType).toLowerCase());

/**
 * The number of leading bytes of `frame` (a Uint8Array) that stay in clear. The key frame bit is
 * read from the frame itself, not from the frame's reported type, so sender and receiver always
 * agree; the bit is authenticated with the rest, so flipping it only makes the frame fail.
 */
export function clearByteCount(mimeType, frame) {
  if (!isSupportedCodec(mimeType)) throw new TypeError(`Viv does not encrypt ${mimeType} frames.`);
  if (frame.length === 0) return 0;
  return Math.min(frame.length, codecs[String(mimeType).toLowerCase()](frame));
}

/**
 * What a sealed frame carries of its clear bytes `clear` (the first `clearByteCount` bytes of a frame
 * of `mimeType`): `sent`, the bytes in clear with the VP8 partition size out of any decoder's reach,
 * and `sealed`, the bytes they replace, to be sealed ahead of the rest of the frame.
 */
export function hideFromDecoders(mimeType, clear) {
  const sealed = clear.slice(0, hidden[String(mimeType).toLowerCase()](clear));
  const sent = clear.slice();
  sealed.forEach((_, i) => (sent[i] |= largestPartition[i]));
  return { sent, sealed };
}

/**
 * The frame's clear bytes and the rest of it, from the clear bytes `sent` and the opened `plaintext`
 * (see `hideFromDecoders`); null when the plaintext is too short to hold what was hidden.
 */
export function restoreForDecoders(mimeType, sent, plaintext) {
  const count = hidden[String(mimeType).toLowerCase()](sent);
  if (plaintext.length < count) return null;
  const clear = sent.slice();
  clear.set(plaintext.subarray(0, count));
  return { clear, rest: plaintext.subarray(count) };
}
