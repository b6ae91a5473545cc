// When a connection's network path is lost: ICE failed, or it stayed disconnected for a while,
// which it often does for good without ever failing (a network change, a TURN server gone, a peer
// or media server that stalled).

const disconnectedForMs = 4_000;

/** Calls lost() each time pc's ICE fails or stays disconnected for 4 s; returns what stops watching. */
export function whenIceLost(pc, lost) {
  let disconnected;
  pc.addEventListener("iceconnectionstatechange", () => {
    clearTimeout(disconnected);
    if (pc.iceConnectionState === "failed") lost();
    else if (pc.iceConnectionState === "disconnected") disconnected = setTimeout(lost, disconnectedForMs);
  });
  return () => clearTimeout(disconnected);
}
