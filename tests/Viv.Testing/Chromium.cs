using Microsoft.Playwright;

namespace Viv.Testing;

/// <summary>Debian's Chromium, headless, with a fake camera and microphone: the browser every browser test uses.</summary>
public static class Chromium
{
    public static Task<IBrowser> Launch(IPlaywright playwright)
    {
        // The same patience for assertions as for actions: a shared two-core machine is slow at times.
        Assertions.SetDefaultExpectTimeout(15_000);
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = Switches });
    }

    public const string ExecutablePath = "/usr/bin/chromium";

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
    ];

    /// <summary>
    /// A new person at their own browser (a context: their own cookies), desktop-sized unless told
    /// otherwise. Without <paramref name="contentSecurityPolicy"/> the browser ignores Viv's CSP, so a
    /// test can show that the pages themselves never turn text into script.
    /// </summary>
    public static async Task<Person> NewPerson(IBrowser browser, Uri baseAddress, ViewportSize? viewport = null, bool contentSecurityPolicy = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            Permissions = ["camera", "microphone"],
            BypassCSP = !contentSecurityPolicy,
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(Person.PeerTracker);
        return new Person(context, await context.NewPageAsync());
    }
}
