using Viv.Testing;

[assembly: AssemblyFixture(typeof(Viv.Browser.Tests.BrowserFixture))]

namespace Viv.Browser.Tests;

/// <summary>
/// One Viv process and one Debian Chromium for the whole tier. Each test opens its own browser
/// contexts (separate cookie jars: separate people), so tests run side by side safely.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public VivServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await VivServer.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--auto-select-desktop-capture-source=Entire screen",
            ],
        });
    }

    /// <summary>A new person at their own browser, on a desktop-sized window.</summary>
    public Task<Person> NewPerson(ViewportSize? viewport = null) => NewPerson(Server, viewport);

    public async Task<Person> NewPerson(VivServer server, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            Permissions = ["camera", "microphone"],
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(Person.PeerTracker);
        return new Person(context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}
