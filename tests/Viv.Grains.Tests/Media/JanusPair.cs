using Microsoft.Playwright;
using Viv.Testing;

namespace Viv.Grains.Tests.Media;

/// <summary>Two Janus instances and one Chromium for <see cref="MediaServersTests"/>; a test that kills an instance starts it again.</summary>
public sealed class JanusPair : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public JanusServer First { get; private set; } = null!;

    public JanusServer Second { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var servers = await Task.WhenAll(JanusServer.Start("janus-a"), JanusServer.Start("janus-b"));
        (First, Second) = (servers[0], servers[1]);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.Launch(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
