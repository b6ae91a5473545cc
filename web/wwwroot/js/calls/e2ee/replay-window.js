// Which counters of one key have already been decrypted, so that a frame the server (or anyone on
// the path) sends again is refused: AES-GCM authenticates a frame but does not make it single-use.
//
// A sender's audio and video share one key and one counter, and a receiver gets one simulcast
// layer of three, so the counters one receiving transform sees have gaps and arrive a little out of
// order (retransmitted packets complete a frame late). The window keeps the highest counter seen and
// the 1024 below it (a bitmap of 128 bytes): at about 140 counters a second (50 audio frames, 30 in
// each of three layers) that is 7 seconds, far beyond how late Chromium's jitter buffer lets a
// frame be. A frame older than the window is refused, as RFC 9605 §9.3 allows.

export const windowSize = 1024;

export function createReplayWindow() {
  let highest = -1n;
  const seen = new Uint8Array(windowSize / 8);
  const slot = (ctr) => Number(ctr % BigInt(windowSize));
  const isSeen = (ctr) => (seen[slot(ctr) >> 3] & (1 << (slot(ctr) & 7))) !== 0;
  const mark = (ctr) => { seen[slot(ctr) >> 3] |= 1 << (slot(ctr) & 7); };
  const clear = (ctr) => { seen[slot(ctr) >> 3] &= ~(1 << (slot(ctr) & 7)); };
  const allows = (ctr) => ctr > highest || (highest - ctr < BigInt(windowSize) && !isSeen(ctr));

  return {
    /** Whether a frame with this counter may still be accepted (not seen, not older than the window). */
    allows,
    /**
     * Records the counter of a frame that authenticated (only then, so that a forged frame cannot
     * use up a counter), or answers false if it was taken meanwhile: two tracks decrypting at once
     * both asked `allows` before either got here.
     */
    accept(ctr) {
      if (!allows(ctr)) return false;
      if (ctr > highest) {
        const advance = ctr - highest;
        if (advance >= BigInt(windowSize)) seen.fill(0);
        else for (let c = highest + 1n; c < ctr; c++) clear(c);
        highest = ctr;
      }
      mark(ctr);
      return true;
    },
  };
}
