using System.ComponentModel;
using System.Diagnostics;

namespace Viv.Testing;

/// <summary>
/// Someone talking into the microphone, for the browser of a person who speaks in a call: a few
/// sentences that Chromium plays in a loop as its fake microphone, in a quiet room
/// (<see cref="Speech"/>) or a noisy one (<see cref="NoisyRoom"/>). Chromium's own fake microphone
/// beeps, and Janus never takes a beep for talking (numbers below), so every other browser is a
/// person who stays silent.
/// Made at test time: espeak-ng says the sentences; sox trims the silence around them (so the loop
/// has no long gap), brings their peaks to -3 dBFS (about where Chromium's gain control keeps a voice
/// anyway: the same words 12 dB quieter arrived as loud), adds white noise 50 dB down (a quiet room:
/// pauses are not digital silence) and writes 16-bit WAV at 48 kHz.
/// As a listener's page read the levels Janus forwards (RTP audio levels in dB below full scale,
/// polled with getSynchronizationSources), averaged over one second, as Janus judges them: this voice
/// 25 to 42, its pauses alone about 75 after Chromium's noise suppression; the beep 63 to 97, as it
/// is silent between beeps. Janus marks a feed talking under 50 (MediaServer.OpenRoom).
/// </summary>
public sealed class FakeMicrophone
{
    /// <summary>The words in a quiet room, looped without a long gap.</summary>
    public static readonly FakeMicrophone Speech = new("speech", pauseSeconds: 0, noiseDecibels: 50);

    /// <summary>
    /// The words, then 3 s of pause, in a room with steady white noise 35 dB down throughout (a fan, a
    /// busy street): what noise suppression must take out of the pauses and leave the voice alone in.
    /// </summary>
    public static readonly FakeMicrophone NoisyRoom = new("noisy-room", pauseSeconds: 3, noiseDecibels: 35);

    private const string Words =
        "Hello everyone, thanks for joining. Let me go through what we found this week: " +
        "the new release is ready, the tests are green, and the plans for next month are in the document I shared.";

    private readonly Lazy<string> _file;

    private FakeMicrophone(string name, int pauseSeconds, int noiseDecibels) =>
        _file = new(() => Write(name, pauseSeconds, noiseDecibels));

    /// <summary>The Chromium switch that plays this recording as the microphone, over and over.</summary>
    public string Switch => $"--use-file-for-fake-audio-capture={_file.Value}";

    /// <summary>Writes the recording once per test process.</summary>
    private static string Write(string name, int pauseSeconds, int noiseDecibels)
    {
        var path = Path.Combine(Path.GetTempPath(), $"viv-microphone-{name}.wav");
        var work = Directory.CreateTempSubdirectory("viv-microphone-");
        try
        {
            var (said, voice, noise, mixed) = (Path.Combine(work.FullName, "said.wav"), Path.Combine(work.FullName, "voice.wav"),
                Path.Combine(work.FullName, "noise.wav"), Path.Combine(work.FullName, "mixed.wav"));
            Run("espeak-ng", "-w", said, Words);
            Run("sox", said, "-b", "16", voice, "silence", "1", "0.05", "0.5%", "reverse", "silence", "1", "0.05", "0.5%", "reverse", "gain", "-n", "-3", "rate", "48k",
                "pad", "0", pauseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Without a length, synth replaces the voice with noise exactly as long.
            Run("sox", voice, noise, "synth", "whitenoise", "vol", $"-{noiseDecibels}dB");
            Run("sox", "-m", "-v", "1", voice, "-v", "1", noise, mixed);
            System.IO.File.Move(mixed, path, overwrite: true);
        }
        finally
        {
            work.Delete(recursive: true);
        }
        return path;
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception missing)
        {
            throw new InvalidOperationException($"{program} did not start (is it installed? ./test.sh installs espeak-ng and sox)", missing);
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {errors}");
            }
        }
    }
}
