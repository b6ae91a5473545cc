// Who speaks in a direct (mesh) call: each tile is outlined while its person speaks, from the audio
// level their browser writes in every packet it sends (RFC 6464, read with getSynchronizationSources).
// Through the media server, Janus says who talks instead (the room's `speaking` events).
//
// Judged as Janus does, on the mean of the levels in dBov over the latest second and a half, read
// every 50 ms: marked over -50, unmarked under -60, so a pause between sentences keeps the mark and a
// second of silence takes it away. Chromium's level decays over about 400 ms after each sound, so a
// short loud click every half second (Chromium's fake microphone beeps so) reads loud in 3 of every 10
// readings: counting loud readings every 250 ms marked it half the time, depending on the phase; its
// mean is -68 whatever the phase. A voice's mean is -25 to -42 (FakeMicrophone).
const readingMs = 50;
const readings = 30;
const speaks = -50;
const stopped = -60;

const dbov = (level) => Math.max(-127, 20 * Math.log10(level || 1e-7));

export function createSpeakers({ state, stage }) {
  const heard = new Map(); // userId → { levels, speaking }

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
      if (!heard.has(userId)) heard.set(userId, { levels: [], speaking: false });
      const person = heard.get(userId);
      person.levels.push(dbov(receiver.getSynchronizationSources()[0]?.audioLevel));
      if (person.levels.length > readings) person.levels.shift();
      if (person.levels.length < readings) continue;
      const mean = person.levels.reduce((sum, level) => sum + level, 0) / readings;
      const speaking = person.speaking ? mean >= stopped : mean > speaks;
      if (speaking === person.speaking) continue;
      person.speaking = speaking;
      stage.get(userId)?.setSpeaking(speaking);
    }
    for (const userId of heard.keys()) if (!call.peers.has(userId)) heard.delete(userId);
  }, readingMs);
}
