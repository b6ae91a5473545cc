using Microsoft.Playwright;
using Viv.Testing;

namespace Viv.Grains.Tests.Media;

/// <summary>Two Janus instances and one Chromium for <see cref="MediaServersTests"/>; a test that kills an instance starts it again.</summary>
public sealed class JanusPair : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private JanusServer? _first, _second;
    private IBrowser? _browser;

    public JanusServer First => _first!;

    public JanusServer Second => _second!;

    public IBrowser Browser => _browser!;

    public async ValueTask InitializeAsync()
    {
        _first = await JanusServer.Start("janus-a");
        _second = await JanusServer.Start("janus-b");
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.Launch(_playwright);
    }

    /// <summary>Stops whatever started, also after a start that failed half way.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }
}
