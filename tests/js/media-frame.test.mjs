// Whole encoded frames as an encrypted call sends them: what the media server can still read, and
// every way a frame that is not genuine, or not new, is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clearByteCount, isSupportedCodec } from "../../web/wwwroot/js/calls/e2ee/clear-bytes.js";
import { refusal } from "../../web/wwwroot/js/calls/e2ee/media-frame.js";
import { createReceiverKeys } from "../../web/wwwroot/js/calls/e2ee/receiver-keys.js";
import { createReplayWindow, windowSize } from "../../web/wwwroot/js/calls/e2ee/replay-window.js";
import { createSenderKeys } from "../../web/wwwroot/js/calls/e2ee/sender-keys.js";
import { encodeHeader } from "../../web/wwwroot/js/calls/e2ee/sframe-header.js";

const vp8 = "video/VP8";
const opus = "audio/opus";

// A VP8 key frame: frame tag (key frame bit clear, shown, first partition 100 bytes), start code 9d 01 2a, 160x120; then picture.
const vp8KeyFrame = Uint8Array.from([0x90, 0x0c, 0x00, 0x9d, 0x01, 0x2a, 0xa0, 0x00, 0x78, 0x00, ...Array(200).keys()]);
// A VP8 delta frame: key frame bit set, shown, first partition 41 bytes; then picture.
const vp8DeltaFrame = Uint8Array.from([0x31, 0x05, 0x00, ...Array(60).keys()]);
// An Opus packet: TOC 0x78 (SILK wideband, 20 ms, one frame), then speech.
const opusPacket = Uint8Array.from([0x78, ...Array(40).keys()]);

async function call() {
  const sender = await createSenderKeys();
  const receiver = createReceiverKeys();
  await receiver.add(sender.current);
  return { sender, receiver };
}

const flipped = (bytes, at) => {
  const copy = bytes.slice();
  copy[at] ^= 0x01;
  return copy;
};

test("VP8 keeps 10 bytes of a key frame and 3 of a delta frame in clear, Opus its TOC byte", () => {
  assert.equal(clearByteCount(vp8, vp8KeyFrame), 10);
  assert.equal(clearByteCount("video/vp8", vp8DeltaFrame), 3);
  assert.equal(clearByteCount(opus, opusPacket), 1);
  assert.equal(clearByteCount(vp8, vp8KeyFrame.subarray(0, 4)), 4, "never more than the frame");
  assert.equal(clearByteCount(opus, new Uint8Array()), 0);
});

test("a codec Viv does not send is refused, not guessed at", async () => {
  assert.equal(isSupportedCodec("video/H264"), false);
  assert.throws(() => clearByteCount("video/H264", vp8KeyFrame), TypeError);
  const { sender, receiver } = await call();
  await assert.rejects(sender.encryptFrame("video/VP9", vp8KeyFrame), TypeError);
  assert.deepEqual(await receiver.decryptFrame("video/AV1", vp8KeyFrame), { refused: refusal.unsupportedCodec });
});

// The VP8 frame tag (RFC 6386 §9.1): key frame bit (0 for a key frame), version, show frame, then
// the first partition's size in 19 bits.
const tag = (frame) => ({ flags: frame[0] & 0x1f, firstPartition: (frame[0] | (frame[1] << 8) | (frame[2] << 16)) >>> 5 });

test("video and audio frames come back whole, with what the server reads still in clear", async () => {
  const { sender, receiver } = await call();
  for (const [mimeType, frame, clear, sealedTag] of [[vp8, vp8KeyFrame, 10, 3], [vp8, vp8DeltaFrame, 3, 3], [opus, opusPacket, 1, 0]]) {
    const encrypted = await sender.encryptFrame(mimeType, frame);
    assert.deepEqual(encrypted.subarray(sealedTag, clear), frame.subarray(sealedTag, clear), "the clear bytes after the tag");
    if (sealedTag) assert.equal(tag(encrypted).flags, tag(frame).flags, "the key frame bit, version and show frame");
    assert.notDeepEqual(encrypted.subarray(clear + 1, frame.length), frame.subarray(clear + 1), "the rest is hidden");
    assert.equal(encrypted.length, frame.length + sealedTag + 1 + 16, "the tag sealed again, a one-byte header and the tag");
    assert.deepEqual(await receiver.decryptFrame(mimeType, encrypted), { frame });
  }
});

test("a sealed VP8 frame says its first partition is longer than any frame, so no decoder reads on", async () => {
  const { sender } = await call();
  for (const frame of [vp8KeyFrame, vp8DeltaFrame]) {
    assert.ok(tag(frame).firstPartition < frame.length, "the encoder's tag fits the frame");
    const encrypted = await sender.encryptFrame(vp8, frame);
    assert.equal(tag(encrypted).firstPartition, 2 ** 19 - 1);
  }
});

test("frames of one sender use one counter across audio and video", async () => {
  const { sender } = await call();
  const first = await sender.encryptFrame(opus, opusPacket);
  const second = await sender.encryptFrame(vp8, vp8DeltaFrame);
  assert.equal(first[1], 0x00, "KID 0, CTR 0");
  assert.equal(second[3], 0x01, "KID 0, CTR 1");
});

test("a changed picture is refused", async () => {
  const { sender, receiver } = await call();
  const encrypted = await sender.encryptFrame(vp8, vp8KeyFrame);
  assert.deepEqual(await receiver.decryptFrame(vp8, flipped(encrypted, 30)), { refused: refusal.forged });
  assert.deepEqual(await receiver.decryptFrame(vp8, flipped(encrypted, encrypted.length - 1)), { refused: refusal.forged }, "the tag");
});

test("a changed clear byte is refused, the key frame bit too", async () => {
  const { sender, receiver } = await call();
  const encrypted = await sender.encryptFrame(vp8, vp8KeyFrame);
  assert.deepEqual(await receiver.decryptFrame(vp8, flipped(encrypted, 7)), { refused: refusal.forged }, "the width");
  assert.equal((await receiver.decryptFrame(vp8, flipped(encrypted, 0))).refused !== undefined, true, "the key frame bit");
  const audio = await sender.encryptFrame(opus, opusPacket);
  assert.deepEqual(await receiver.decryptFrame(opus, flipped(audio, 0)), { refused: refusal.forged }, "the TOC byte");
  assert.deepEqual(await receiver.decryptFrame(opus, audio), { frame: opusPacket }, "the genuine frame still opens");
});

test("a frame sealed with another key under the same KID is refused", async () => {
  const { sender } = await call();
  const stranger = await createSenderKeys();
  const receiver = createReceiverKeys();
  await receiver.add(stranger.current);
  assert.deepEqual(await receiver.decryptFrame(opus, await sender.encryptFrame(opus, opusPacket)), { refused: refusal.forged });
});

test("a frame under a KID the receiver has no key for is refused", async () => {
  const { sender } = await call();
  const receiver = createReceiverKeys();
  assert.deepEqual(await receiver.decryptFrame(opus, await sender.encryptFrame(opus, opusPacket)), { refused: refusal.unknownKid });
});

test("a truncated frame is refused", async () => {
  const { sender, receiver } = await call();
  const encrypted = await sender.encryptFrame(vp8, vp8KeyFrame);
  for (const length of [0, 5, 10, 11, 12, 26, encrypted.length - 1]) {
    const { refused } = await receiver.decryptFrame(vp8, encrypted.subarray(0, length));
    assert.ok([refusal.truncated, refusal.forged].includes(refused), `${length} bytes: ${refused}`);
  }
  assert.deepEqual(await receiver.decryptFrame(vp8, encrypted.subarray(0, 26)), { refused: refusal.truncated }, "header and 15 of 16 tag bytes");
  const header = encodeHeader(0n, 300n);
  assert.deepEqual(await receiver.decryptFrame(opus, Uint8Array.from([0x78, header[0], header[1]])), { refused: refusal.truncated }, "the counter cut off");
});

test("a frame played again is refused, however the frames around it arrive", async () => {
  const { sender, receiver } = await call();
  const frames = [];
  for (let i = 0; i < 5; i++) frames.push(await sender.encryptFrame(opus, opusPacket));
  for (const i of [0, 2, 1, 4]) assert.deepEqual(await receiver.decryptFrame(opus, frames[i]), { frame: opusPacket }, `frame ${i} late or early`);
  for (const i of [0, 1, 2, 4]) assert.deepEqual(await receiver.decryptFrame(opus, frames[i]), { refused: refusal.replayed }, `frame ${i} again`);
  assert.deepEqual(await receiver.decryptFrame(opus, frames[3]), { frame: opusPacket }, "the one not yet played");
});

test("a forged frame does not use up its counter", async () => {
  const { sender, receiver } = await call();
  const encrypted = await sender.encryptFrame(opus, opusPacket);
  assert.deepEqual(await receiver.decryptFrame(opus, flipped(encrypted, 5)), { refused: refusal.forged });
  assert.deepEqual(await receiver.decryptFrame(opus, encrypted), { frame: opusPacket });
});

test("the replay window accepts each counter once and nothing older than the window", () => {
  const window = createReplayWindow();
  assert.ok(window.accept(10n));
  assert.equal(window.accept(10n), false);
  assert.ok(window.accept(3n), "late, within the window");
  assert.ok(window.accept(BigInt(windowSize) + 9n), "jumps ahead");
  assert.equal(window.allows(9n), false, "now older than the window");
  assert.ok(window.allows(10n + 1n), "unseen and within the window");
  assert.equal(window.allows(BigInt(windowSize) + 9n), false);
  assert.ok(window.accept(5000n), "jumps past the whole window");
  assert.ok(window.allows(5000n - BigInt(windowSize) + 1n), "the cleared window has room");
  assert.equal(window.allows(5000n - BigInt(windowSize)), false);
});
