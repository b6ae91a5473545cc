// What the browser itself reports about a peer connection (getStats), read the same way everywhere.
// call.js takes one reading per connection every few seconds; each reading gives the route (relayed
// or not), and against the reading before it, how good the connection is.

/** Poor when more than this share of the inbound packets is lost, */
export const poorLossPercent = 5;
/** or when a round trip takes longer than this, */
export const poorRoundTripMs = 400;
/**
 * or when the inbound stream collapses. Counted in packets, not bits: audio alone arrives as 50
 * packets a second whether the other person is muted or not, while the bitrate also drops when they
 * simply turn their camera off, which is no fault of the connection.
 */
export const collapsedPacketsPerSecond = 10;

/** One reading: when, whether the selected route is relayed, its round-trip time, and inbound RTP counters summed over audio and video. */
export async function readStats(pc) {
  const stats = await pc.getStats();
  const reading = { at: 0, relayed: false, roundTripMs: null, bytes: 0, packets: 0, lost: 0 };
  let pair;
  stats.forEach((report) => {
    reading.at = Math.max(reading.at, report.timestamp);
    if (report.type === "transport" && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
    if (report.type === "inbound-rtp") {
      reading.bytes += report.bytesReceived ?? 0;
      reading.packets += report.packetsReceived ?? 0;
      reading.lost += report.packetsLost ?? 0;
    }
  });
  if (!pair) return reading;
  const local = stats.get(pair.localCandidateId);
  const remote = stats.get(pair.remoteCandidateId);
  reading.relayed = local?.candidateType === "relay" || remote?.candidateType === "relay";
  if (pair.currentRoundTripTime !== undefined) reading.roundTripMs = pair.currentRoundTripTime * 1000;
  return reading;
}

/**
 * The quality between two readings of one connection: inbound kbit/s, the latest round-trip time
 * (null if the browser has not measured one), the share of packets lost, and whether that is poor.
 * Null when the readings are less than a second apart, too short to say anything.
 */
export function quality(before, after) {
  const seconds = (after.at - before.at) / 1000;
  if (!(seconds >= 1)) return null;
  const received = Math.max(0, after.packets - before.packets);
  const lost = Math.max(0, after.lost - before.lost);
  const kbps = Math.max(0, ((after.bytes - before.bytes) * 8) / 1000 / seconds);
  const lossPercent = received + lost === 0 ? 0 : (100 * lost) / (received + lost);
  const roundTripMs = after.roundTripMs;
  const poor = lossPercent > poorLossPercent || roundTripMs > poorRoundTripMs || received / seconds < collapsedPacketsPerSecond;
  return { kbps, roundTripMs, lossPercent, poor };
}
