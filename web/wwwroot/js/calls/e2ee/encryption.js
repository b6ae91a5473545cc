// The page's side of the frame worker (frame-worker.js): one worker for the page's life, started the
// first time a call is placed or rings here (call-encryption.js, `prepare`). It gives call-keys.js a
// sender key it can draw, send and advance, hands the worker the keys others send, and puts the worker
// between each connection's encoders and decoders and the network.

/** Whether this browser can encrypt frames itself (encoded transforms in a worker). */
export const canEncrypt = () => typeof RTCRtpScriptTransform === "function";

export function createEncryption() {
  let worker = null;
  let asked = 0;
  const waiting = new Map(); // request id → { done, fail }

  function start() {
    worker = new Worker(new URL("./frame-worker.js", import.meta.url), { type: "module", name: "Viv frames" });
    worker.onmessage = ({ data: { id, result, error } }) => {
      const request = waiting.get(id);
      waiting.delete(id);
      if (error === undefined) request?.done(result);
      else request?.fail(new Error(error));
    };
  }

  function ask(operation, argument) {
    if (!worker) start();
    const id = ++asked;
    return new Promise((done, fail) => {
      waiting.set(id, { done, fail });
      worker.postMessage({ id, operation, argument });
    });
  }

  return {
    /** Starts the worker (its modules load and compile) before a call needs it. */
    prepare() {
      if (!worker) start();
    },
    /**
     * A new call's sender keys, as call-keys.js uses them: `current` (the key frames are sealed
     * with), `next()` and `advance()`.
     */
    async begin() {
      let current = await ask("begin");
      return {
        get current() {
          return current;
        },
        next: () => ask("next"),
        advance: async () => (current = await ask("advance")),
      };
    },
    install: (userId, key) => ask("install", { userId, key }),
    uninstall: (userId) => ask("uninstall", { userId }),
    /** `carried`: [mid, userId] pairs, from the media server's latest offer. */
    lines: (carried) => ask("lines", { carried }),
    /** What the worker sealed, opened and dropped (and why) in this call. */
    counts: () => ask("counts"),
    /** Everything `sender` sends from now on is sealed first. */
    seal(sender) {
      if (!worker) start();
      sender.transform = new RTCRtpScriptTransform(worker, { side: "send" });
    },
    /** Everything `receiver` (on the line `mid`) gets is opened before it is decoded. */
    open(receiver, mid) {
      if (!worker) start();
      receiver.transform = new RTCRtpScriptTransform(worker, { side: "receive", mid });
    },
  };
}
