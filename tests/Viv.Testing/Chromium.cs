using Microsoft.Playwright;

namespace Viv.Testing;

/// <summary>
/// Debian's Chromium, headless, with a fake camera and microphone: the browser every browser test uses.
/// Tests run in Debian's chromium-headless-shell, the same Chromium build without the desktop
/// browser around it (what Playwright itself runs headless): the browser tier used 35% less CPU in it
/// (985 CPU-s in 530 s against 639 CPU-s in 364 s, measured per process). It has no notifications
/// and no app installation, so the tests of those run in the full browser.
/// The microphone is a switch of the whole browser process, so someone who speaks needs a browser of
/// their own (<see cref="FakeMicrophone"/>); everyone else's microphone hears a silent room.
/// </summary>
public static class Chromium
{
    /// <param name="playwright">The Playwright that drives it.</param>
    /// <param name="full">The desktop browser instead of the headless shell.</param>
    /// <param name="microphone">What its microphone hears: <see cref="FakeMicrophone.Silence"/> unless told.</param>
    public static Task<IBrowser> Launch(IPlaywright playwright, bool full = false, FakeMicrophone? microphone = null)
    {
        // The same patience for assertions as for actions: a shared two-core machine is slow at times.
        Assertions.SetDefaultExpectTimeout(15_000);
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = AsAPerson(full ? FullExecutablePath : ExecutablePath),
            Headless = true,
            Args = [.. Switches, (microphone ?? FakeMicrophone.Silence).Switch],
        });
    }

    public const string ExecutablePath = "/usr/bin/chromium-headless-shell";

    /// <summary>
    /// <paramref name="executable"/> as a person runs it, without the right to real-time scheduling:
    /// run as root (as CI runs the suite), Chromium gives its audio threads real-time priority
    /// (SCHED_RR 8: the AudioWorklet's, audio input, output and processing), which a person's
    /// browser never has. With five people's pages in a call on two cores, and each page's microphone
    /// going through an AudioContext (noise suppression), those threads went ahead of everything
    /// else, and WebRTC's own fell seconds behind: connections stuck in ICE checking for 15 s, round
    /// trips of 5 to 15 s on loopback. ForwardedCallTests failed 3 of 4 runs alone so (at 5020123,
    /// before noise suppression, it passed in 240 s and 450 CPU-s); without the right it passed twice,
    /// in 142 s and 257 CPU-s. Returns a script in the temporary folder that drops CAP_SYS_NICE
    /// (setpriv, util-linux) and starts it; as anyone but root, or off Linux, the executable itself.
    /// </summary>
    private static string AsAPerson(string executable)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return executable;
        }
        var path = Path.Combine(Path.GetTempPath(), $"viv-{Path.GetFileName(executable)}-as-a-person");
        var temporary = $"{path}.{Environment.ProcessId}";
        File.WriteAllText(temporary, $"#!/bin/sh\nexec setpriv --bounding-set -sys_nice --inh-caps -sys_nice -- {executable} \"$@\"\n");
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>The desktop browser, for what the headless shell lacks: notifications, installing Viv as an app.</summary>
    public const string FullExecutablePath = "/usr/bin/chromium";

    /// <summary>Fake camera and microphone, always allowed; no background chatter.</summary>
    public static readonly IReadOnlyList<string> Switches =
    [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        FakeCamera.Switch,
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--auto-select-desktop-capture-source=Entire screen",
        // Chromium sends one simulcast layer below 320×180 (its legacy layer limit), and the test camera is
        // 160×120: without this, calls through the media server would have no smaller sizes to choose.
        "--force-fieldtrials=WebRTC-LegacySimulcastLayerLimit/Disabled/",
    ];

    // Only a choice not made yet: a test that switches suppression on keeps it on, page after page.
    // Frames without an origin of their own (about:blank) have no storage to write.
    private const string SuppressionOff = """
        try {
          if (localStorage.getItem("viv-noise-suppression") === null) localStorage.setItem("viv-noise-suppression", "off");
        } catch {}
        """;

    /// <summary>
    /// A new person at their own browser (a context: their own cookies), desktop-sized unless told
    /// otherwise. Without <paramref name="contentSecurityPolicy"/> the browser ignores Viv's CSP, so a
    /// test can show that the pages themselves never turn text into script.
    /// </summary>
    /// <param name="serviceWorker">
    /// Whether Viv's service worker may install. Only the tests of the shell and of notifications turn
    /// it on: every new context is a first visit, whose worker downloads and caches the whole shell,
    /// and that cost a call test a fifth of its CPU (CallTests alone: 99 CPU-s in 62 s with it, 80 in
    /// 52 without). Online the worker changes nothing a page does (it never answers a page, the hub
    /// or the API), so the other tests lose nothing by running without it.
    /// </param>
    /// <param name="noiseSuppression">
    /// False for someone who turned noise suppression off in Settings before (a choice kept in the
    /// browser's storage), so the call sends their microphone as it is: see <c>BrowserFixture.NewPerson</c>.
    /// </param>
    public static async Task<Person> NewPerson(IBrowser browser, Uri baseAddress, ViewportSize? viewport = null, bool contentSecurityPolicy = true, bool serviceWorker = false, bool noiseSuppression = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            Permissions = ["camera", "microphone"],
            BypassCSP = !contentSecurityPolicy,
            ServiceWorkers = serviceWorker ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(Person.PeerTracker);
        if (!noiseSuppression)
        {
            await context.AddInitScriptAsync(SuppressionOff);
        }
        return new Person(context, await context.NewPageAsync());
    }
}
