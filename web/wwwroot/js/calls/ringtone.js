// A ringtone made with Web Audio: two tones together, two seconds on, four off. No file to fetch.

export function createRingtone() {
  let context;
  let timer;
  let sounding = [];

  const burst = () => {
    const gain = context.createGain();
    gain.gain.value = 0.08;
    gain.connect(context.destination);
    sounding = [440, 480].map((frequency) => {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start();
      tone.stop(context.currentTime + 2);
      return tone;
    });
  };

  return {
    start() {
      if (timer) return;
      context ??= new AudioContext();
      context.resume().catch(() => {});
      burst();
      timer = setInterval(burst, 6000);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      sounding.forEach((tone) => tone.stop());
      sounding = [];
    },
  };
}
