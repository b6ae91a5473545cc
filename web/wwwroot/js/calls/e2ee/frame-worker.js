// The worker that seals every frame this tab sends through the media server and opens every frame it
// receives from there (RTCRtpScriptTransform: the browser hands each encoded frame here between the
// encoder and the packetizer, and between the depacketizer and the decoder). The page (encryption.js)
// tells it the keys: one sender key for everything this tab sends in the call, audio and video,
// camera and screen, and each other participant's keys. A frame it cannot seal is dropped rather
// than sent in clear; a frame it cannot open is dropped rather than decoded.

import { createSenderKeys } from "./sender-keys.js";
import { createReceiverKeys } from "./receiver-keys.js";

let sender = null;
const receivers = new Map(); // userId → their keys (receiver-keys.js)
const lines = new Map(); // the receiving connection's mid → whose media it carries now
let counts = { sealed: 0, opened: 0, dropped: {} };

const drop = (reason) => (counts.dropped[reason] = (counts.dropped[reason] ?? 0) + 1);

// The frame's bytes exactly: a Uint8Array may view part of a larger buffer.
const exactBuffer = (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

const mimeTypeOf = (frame) => frame.getMetadata().mimeType;

async function seal(frame, controller) {
  if (!sender) return drop("no-sender-key");
  try {
    frame.data = exactBuffer(await sender.encryptFrame(mimeTypeOf(frame), new Uint8Array(frame.data)));
  } catch {
    return drop("unsupported-codec");
  }
  counts.sealed++;
  controller.enqueue(frame);
}

const opener = (mid) => async (frame, controller) => {
  const keys = receivers.get(lines.get(mid));
  if (!keys) return drop("no-key");
  const opened = await keys.decryptFrame(mimeTypeOf(frame), new Uint8Array(frame.data));
  if (opened.refused) return drop(opened.refused);
  frame.data = exactBuffer(opened.frame);
  counts.opened++;
  controller.enqueue(frame);
};

onrtctransform = ({ transformer }) => {
  const { side, mid } = transformer.options;
  const transform = side === "send" ? seal : opener(mid);
  transformer.readable.pipeThrough(new TransformStream({ transform })).pipeTo(transformer.writable);
};

const operations = {
  /** A new call: a new sender key under KID 0, and nobody else's keys. */
  async begin() {
    sender = await createSenderKeys();
    receivers.clear();
    lines.clear();
    counts = { sealed: 0, opened: 0, dropped: {} };
    return sender.current;
  },
  next: () => sender.next(),
  advance: () => sender.advance(),
  async install({ userId, key }) {
    if (!receivers.has(userId)) receivers.set(userId, createReceiverKeys());
    return receivers.get(userId).add(key);
  },
  uninstall: ({ userId }) => receivers.delete(userId),
  /** Whose media each receiving line carries since the media server's latest offer. */
  lines({ carried }) {
    lines.clear();
    for (const [mid, userId] of carried) lines.set(mid, userId);
  },
  counts: () => counts,
};

onmessage = async ({ data: { id, operation, argument } }) => {
  try {
    postMessage({ id, result: await operations[operation](argument) });
  } catch (error) {
    postMessage({ id, error: String(error) });
  }
};
