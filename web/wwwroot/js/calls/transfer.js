// Files between two participants over an RTCDataChannel of their own: a header, then binary chunks
// sent only while the channel's buffer has room, then "done" from the receiver. Closing the
// channel early, from either end, cancels. The receiver believes nothing it is told: a bad header
// or more bytes than announced close the channel. Nothing of this passes through the server.

export const maxFileBytes = 2 * 1024 ** 3;
const chunkBytes = 64 * 1024;
const readBytes = 1024 * 1024;
// Chromium closes a data channel whose buffer passes 16 MiB; stay well below and refill from 1 MiB.
const highWaterBytes = 8 * 1024 * 1024;
const lowWaterBytes = 1024 * 1024;
// Received chunks are folded into a Blob every so often, so the browser can keep a big file on disk.
const foldBytes = 16 * 1024 * 1024;
const pictureTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp"]);

/** True for pictures shown inline; never SVG, which can carry script when opened on its own. */
export const isPicture = (mime) => pictureTypes.has(mime);

/**
 * Sends one file on a new channel; resolves "sent" once the receiver has it all, "cancelled", or
 * "unreadable" when the file could not be read (moved, deleted or changed since it was picked): the
 * channel closes then, so the receiver shows it cancelled instead of waiting for bytes forever.
 */
export function sendFile(pc, file, onProgress) {
  const channel = pc.createDataChannel("file", { ordered: true });
  channel.binaryType = "arraybuffer";
  channel.bufferedAmountLowThreshold = lowWaterBytes;
  let finished = false;
  let stopped = false;
  let unreadable = false;
  const done = new Promise((resolve) => {
    channel.onmessage = ({ data }) => {
      if (data !== "done") return;
      finished = true;
      onProgress(file.size);
      channel.close();
      resolve("sent");
    };
    channel.onclose = () => !finished && resolve(unreadable ? "unreadable" : "cancelled");
  });
  const drained = () =>
    new Promise((resolve) => {
      channel.addEventListener("bufferedamountlow", resolve, { once: true });
      channel.addEventListener("close", resolve, { once: true });
    });
  channel.onopen = async () => {
    channel.send(JSON.stringify({ type: "file", name: file.name, size: file.size, mime: file.type }));
    const chunk = Math.min(chunkBytes, pc.sctp?.maxMessageSize || chunkBytes);
    for (let offset = 0; offset < file.size; offset += readBytes) {
      let block;
      try {
        block = await file.slice(offset, offset + readBytes).arrayBuffer();
      } catch (error) {
        console.error(`file transfer: ${file.name} could not be read`, error);
        unreadable = true;
        channel.close();
        return;
      }
      for (let at = 0; at < block.byteLength; at += chunk) {
        if (channel.bufferedAmount > highWaterBytes) await drained();
        if (stopped || channel.readyState !== "open") return;
        channel.send(block.slice(at, at + chunk));
      }
      onProgress(Math.max(0, offset + block.byteLength - channel.bufferedAmount));
    }
  };
  return {
    done,
    cancel() {
      stopped = true;
      channel.close();
    },
  };
}

/**
 * Receives one file from a channel the other end opened. <c>onStart(meta, cancel)</c> is called once a
 * valid header arrives and returns a view with progress(bytes), complete(blob) and cancelled().
 */
export function receiveFile(channel, onStart) {
  channel.binaryType = "arraybuffer";
  let meta;
  let view;
  let received = 0;
  let folded = [];
  let pending = [];
  let pendingBytes = 0;
  let finished = false;

  const refuse = (why) => {
    console.warn(`file transfer dropped: ${why}`);
    channel.close();
  };
  const complete = () => {
    finished = true;
    channel.send("done");
    // Anything but a picture is handed over as opaque bytes: a blob URL shares the page's origin,
    // so an HTML file must never be served from one as HTML.
    const type = isPicture(meta.mime) ? meta.mime : "application/octet-stream";
    view.complete(new Blob([...folded, ...pending], { type }));
    folded = pending = [];
  };

  channel.onmessage = ({ data }) => {
    if (finished) return;
    if (!meta) {
      meta = parseHeader(data);
      if (!meta) return refuse("not a valid file header");
      view = onStart(meta, () => channel.close());
      if (meta.size === 0) complete();
      return;
    }
    if (!(data instanceof ArrayBuffer)) return refuse("a text message inside a file");
    received += data.byteLength;
    if (received > meta.size) {
      finished = true;
      view.cancelled();
      return refuse("more bytes than announced");
    }
    pending.push(data);
    pendingBytes += data.byteLength;
    if (pendingBytes >= foldBytes) {
      folded.push(new Blob(pending));
      pending = [];
      pendingBytes = 0;
    }
    view.progress(received);
    if (received === meta.size) complete();
  };
  channel.onclose = () => {
    if (meta && view && !finished) view.cancelled();
  };
}

// Names shown to people: no control, bidirectional-override or zero-width characters, no paths.
// Each such character becomes "_", so "invoice\u202Egpj.exe" shows as "invoice_gpj.exe", never as "invoiceexe.jpg".
const unsafeInName = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff/\\]/g;

/** A file's name as Viv shows and saves it, the same at the sender and every receiver. */
export const shownName = (name) => name.replace(unsafeInName, "_").trim().slice(0, 255) || "file";

function parseHeader(data) {
  if (typeof data !== "string" || data.length > 2048) return null;
  let header;
  try {
    header = JSON.parse(data);
  } catch {
    return null;
  }
  if (header?.type !== "file" || typeof header.name !== "string" || !Number.isSafeInteger(header.size)) return null;
  if (header.size < 0 || header.size > maxFileBytes) return null;
  const mime = typeof header.mime === "string" && /^[\w.+-]{1,50}\/[\w.+-]{1,50}$/.test(header.mime) ? header.mime.toLowerCase() : "application/octet-stream";
  return { name: shownName(header.name), size: header.size, mime };
}

export function formatSize(bytes) {
  const units = ["bytes", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
