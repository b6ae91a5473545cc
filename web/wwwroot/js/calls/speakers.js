// Who speaks in a direct (mesh) call: each tile is outlined while its person speaks, from the audio
// level their browser writes in every packet it sends (RFC 6464, read with getSynchronizationSources).
// Through the media server, Janus says who talks instead (the room's `speaking` events).
//
// Marked once 3 of the last 6 readings (1.5 s) are over -50 dBov, unmarked once none are: a voice
// is 25-42 dB below full scale a second, Chromium's fake microphone beeps at 63 and quieter.
import { loudReadings, readingMs } from "./speech.js";

const dbov = (level) => 20 * Math.log10(level || 1e-6);

export function createSpeakers({ state, stage }) {
  const heard = new Map(); // userId → { loud, speaking }

  setInterval(() => {
    const call = state.call;
    if (!call?.connected || call.forwarded) {
      // Through the media server Janus says who talks; nobody stays marked from before.
      heard.forEach(({ speaking }, userId) => speaking && stage.get(userId)?.setSpeaking(false));
      return heard.clear();
    }
    for (const [userId, { peer }] of call.peers) {
      const receiver = peer?.pc.getReceivers().find((r) => r.track.kind === "audio");
      if (!receiver) continue;
      if (!heard.has(userId)) heard.set(userId, { loud: loudReadings(6, -50), speaking: false });
      const person = heard.get(userId);
      const loud = person.loud(dbov(receiver.getSynchronizationSources()[0]?.audioLevel));
      const speaking = person.speaking ? loud > 0 : loud >= 3;
      if (speaking === person.speaking) continue;
      person.speaking = speaking;
      stage.get(userId)?.setSpeaking(speaking);
    }
    for (const userId of heard.keys()) if (!call.peers.has(userId)) heard.delete(userId);
  }, readingMs);
}
