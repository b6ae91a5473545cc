// When a connection's network path is lost: ICE failed, or it stayed disconnected for a while,
// which it often does for good without ever failing (a network change, a TURN server gone, a peer
// or media server that stalled). While it stays lost, it is lost again every 4 s: what the last time
// started (an ICE restart's offer, a request to the media server) may itself have been lost on the
// way, when the same network change also cut the page off from Viv.

const disconnectedForMs = 4_000;

/** Calls lost() when pc's ICE fails or stays disconnected for 4 s, then every 4 s while it still is; returns what stops watching. */
export function whenIceLost(pc, lost) {
  let timer;
  const stillLost = () => ["failed", "disconnected"].includes(pc.iceConnectionState);
  const again = () => {
    if (!stillLost()) return;
    lost();
    timer = setTimeout(again, disconnectedForMs);
  };
  pc.addEventListener("iceconnectionstatechange", () => {
    clearTimeout(timer);
    if (pc.iceConnectionState === "failed") again();
    else if (pc.iceConnectionState === "disconnected") timer = setTimeout(again, disconnectedForMs);
  });
  return () => clearTimeout(timer);
}
