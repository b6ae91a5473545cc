using System.ComponentModel;
using System.Diagnostics;

namespace Viv.Testing;

/// <summary>
/// What a test browser's microphone hears, played in a loop as Chromium's fake microphone: a few
/// sentences in a quiet room (<see cref="Speech"/>) or a noisy one (<see cref="NoisyRoom"/>) for
/// the browser of a person who speaks in a call, and the quiet room alone (<see cref="Silence"/>) for
/// every other browser: people who stay silent.
/// Made at test time: espeak-ng says the sentences; sox trims the silence around them (so the loop
/// has no long gap), brings their peaks to -3 dBFS (about where Chromium's gain control keeps a voice
/// anyway: the same words 12 dB quieter arrived as loud), adds white noise 50 dB down (a quiet room:
/// pauses are not digital silence) and writes 16-bit WAV at 48 kHz.
/// As a listener's page read the levels Janus forwards (RTP audio levels in dB below full scale,
/// polled with getSynchronizationSources), averaged over one second, as Janus judges them: this voice
/// 25 to 42, its pauses alone about 75 after Chromium's noise suppression. Janus marks a feed talking
/// under 50 (MediaServer.OpenRoom).
/// Chromium's own fake microphone, which silent people had before, beeps 20 ms every half second by
/// the wall clock but makes its sound buffer by buffer; on a loaded machine it drops the buffers it
/// is late for, not the beeps, so its one-second averages (63 to 97 on a quiet machine) went loud
/// enough for Janus to mark a silent newcomer talking in a call of five, and the video limit then
/// showed their video instead of someone else's (ForwardedCallTests, once in a tier run). A file
/// plays sample by sample, so a late buffer is as quiet as any other.
/// </summary>
public sealed class FakeMicrophone
{
    /// <summary>The words in a quiet room, looped without a long gap.</summary>
    public static readonly FakeMicrophone Speech = new("speech", Words, pauseSeconds: 0, noiseDecibels: 50);

    /// <summary>
    /// The first sentence, then 3 s of pause (a loop of about 5 s), in a room with steady white noise
    /// 35 dB down throughout (a fan, a busy street): what noise suppression must take out of the
    /// pauses and leave the voice alone in.
    /// </summary>
    public static readonly FakeMicrophone NoisyRoom = new("noisy-room", Greeting, pauseSeconds: 3, noiseDecibels: 35);

    /// <summary>
    /// Nobody speaking in a very quiet room: white noise 80 dB down, five seconds looped. Its level
    /// (80) is far from Janus's threshold for talking (50) and from a mesh page's (speakers.js).
    /// </summary>
    public static readonly FakeMicrophone Silence = new("silence", words: null, pauseSeconds: 5, noiseDecibels: 80);

    private const string Greeting = "Hello everyone, thanks for joining.";

    private const string Words =
        Greeting + " Let me go through what we found this week: " +
        "the new release is ready, the tests are green, and the plans for next month are in the document I shared.";

    private readonly Lazy<string> _file;

    private FakeMicrophone(string name, string? words, int pauseSeconds, int noiseDecibels) =>
        _file = new(() => Write(name, words, pauseSeconds, noiseDecibels));

    /// <summary>The Chromium switch that plays this recording as the microphone, over and over.</summary>
    public string Switch => $"--use-file-for-fake-audio-capture={_file.Value}";

    /// <summary>Writes the recording once per test process.</summary>
    private static string Write(string name, string? words, int pauseSeconds, int noiseDecibels)
    {
        var path = Path.Combine(Path.GetTempPath(), $"viv-microphone-{name}.wav");
        var work = Directory.CreateTempSubdirectory("viv-microphone-");
        try
        {
            var (said, voice, noise, mixed) = (Path.Combine(work.FullName, "said.wav"), Path.Combine(work.FullName, "voice.wav"),
                Path.Combine(work.FullName, "noise.wav"), Path.Combine(work.FullName, "mixed.wav"));
            var pause = pauseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (words is null)
            {
                Run("sox", "-n", "-r", "48k", "-b", "16", "-c", "1", voice, "trim", "0", pause);
            }
            else
            {
                Run("espeak-ng", "-w", said, words);
                Run("sox", said, "-b", "16", voice, "silence", "1", "0.05", "0.5%", "reverse", "silence", "1", "0.05", "0.5%", "reverse", "gain", "-n", "-3", "rate", "48k",
                    "pad", "0", pause);
            }
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
