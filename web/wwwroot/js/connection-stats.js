// What the browser itself reports about a peer connection (getStats), read the same way everywhere.

/** The candidate pair the connection is using now: local and remote candidate stats, or null. */
export async function selectedPair(pc) {
  const stats = await pc.getStats();
  let pair;
  stats.forEach((report) => {
    if (report.type === "transport" && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
  });
  if (!pair) return null;
  return { local: stats.get(pair.localCandidateId), remote: stats.get(pair.remoteCandidateId) };
}

/** True when either end of the selected pair is a TURN relay candidate. */
export async function isRelayed(pc) {
  const pair = await selectedPair(pc);
  return pair?.local?.candidateType === "relay" || pair?.remote?.candidateType === "relay";
}
