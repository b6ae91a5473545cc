// Whether this tab's own person speaks, from their microphone's level read every 250 ms: for a raised
// hand that comes down, and "You are muted". Speech has pauses, so it is told by how many of the
// latest readings are loud enough, never by one. Others' speech is speakers.js.

const readingMs = 250;

/** A microphone track's level now, in dBFS, through WebAudio; `stop` lets the track go. */
export function trackLevel(track) {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return {
    read() {
      analyser.getFloatTimeDomainData(samples);
      return 10 * Math.log10(samples.reduce((sum, x) => sum + x * x, 0) / samples.length || 1e-12);
    },
    stop: () => context.close(),
  };
}

/** Takes a level at each reading: how many of the latest `size` readings were over `threshold` (dB). */
function loudReadings(size, threshold) {
  const readings = [];
  return (level) => {
    readings.push(level > threshold);
    if (readings.length > size) readings.shift();
    return readings.filter(Boolean).length;
  };
}

/**
 * Calls `onSpeech` once `track` has mostly carried speech for four seconds (10 of 16 readings over
 * -45 dBFS: Chromium's noise suppression takes steady room noise under -55); a disabled (muted)
 * track reads silent. Returns what stops listening.
 */
export function whenSpeaking(track, onSpeech) {
  const level = trackLevel(track);
  const loud = loudReadings(16, -45);
  const reading = setInterval(() => loud(level.read()) >= 10 && onSpeech(), readingMs);
  return () => {
    clearInterval(reading);
    level.stop();
  };
}
