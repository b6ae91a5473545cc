using System.Diagnostics;

namespace Viv.Browser.Tests;

/// <summary>
/// One person's own Chromium, whose tabs hide each other as in anyone's browser. Every page Playwright
/// opens stays "visible" whatever is in front, because Playwright turns on DevTools focus emulation
/// for it, and Chromium keeps an emulated page visible. So this browser is started as a process of its
/// own and attached over CDP without Playwright's defaults: in its default context, bringing another
/// tab to the front really puts the first in the background (document.visibilityState "hidden",
/// timers throttled, no animation frames). It is the full browser: the tests that use it show notifications.
/// </summary>
internal sealed class TabbedBrowser : IAsyncDisposable
{
    private readonly DirectoryInfo _profile = Directory.CreateTempSubdirectory("viv-chromium-");
    private Process _process = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The browser's one default context: its tabs, cookies and permissions.</summary>
    public IBrowserContext Context => Browser.Contexts[0];

    public static async Task<TabbedBrowser> Start(IBrowserType chromium)
    {
        var browser = new TabbedBrowser();
        var endpoint = await browser.Launch();
        browser.Browser = await chromium.ConnectOverCDPAsync(endpoint, new() { NoDefaults = true });
        browser.Context.SetDefaultTimeout(15_000);
        return browser;
    }

    /// <summary>
    /// Runs an expression in the page's service worker and waits for its promise. Playwright for .NET
    /// has no handle on service workers, so this goes through DevTools: the worker is a target of
    /// its own, reached with messages through the browser's session.
    /// </summary>
    public async Task EvaluateInServiceWorker(string expression)
    {
        var session = await Browser.NewBrowserCDPSessionAsync();
        var targets = await session.SendAsync("Target.getTargets");
        var worker = targets!.Value.GetProperty("targetInfos").EnumerateArray().Single(t => t.GetProperty("type").GetString() == "service_worker");
        var attached = await session.SendAsync("Target.attachToTarget", new() { ["targetId"] = worker.GetProperty("targetId").GetString()!, ["flatten"] = false });
        var sessionId = attached!.Value.GetProperty("sessionId").GetString();
        var answer = new TaskCompletionSource<System.Text.Json.JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Event("Target.receivedMessageFromTarget").OnEvent += (_, message) =>
        {
            using var reply = System.Text.Json.JsonDocument.Parse(message!.Value.GetProperty("message").GetString()!);
            if (reply.RootElement.TryGetProperty("id", out var id) && id.GetInt32() == 1)
            {
                answer.TrySetResult(reply.RootElement.Clone());
            }
        };
        var evaluate = System.Text.Json.JsonSerializer.Serialize(new { id = 1, method = "Runtime.evaluate", @params = new { expression, awaitPromise = true } });
        await session.SendAsync("Target.sendMessageToTarget", new() { ["sessionId"] = sessionId!, ["message"] = evaluate });
        var result = await answer.Task.WaitAsync(TimeSpan.FromSeconds(15));
        if (result.TryGetProperty("error", out var error) || result.GetProperty("result").TryGetProperty("exceptionDetails", out error))
        {
            throw new InvalidOperationException($"The service worker could not run {expression}: {error}");
        }
        await session.DetachAsync();
    }

    /// <summary>Starts Chromium and returns its DevTools WebSocket address, as it prints it.</summary>
    private async Task<string> Launch()
    {
        var start = new ProcessStartInfo(Chromium.FullExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Chromium.Switches.Concat(["--headless", "--remote-debugging-port=0", $"--user-data-dir={_profile.FullName}", "--no-first-run", "--mute-audio", "about:blank"]))
        {
            start.ArgumentList.Add(argument);
        }
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, line) =>
        {
            const string listening = "DevTools listening on ";
            if (line.Data?.StartsWith(listening, StringComparison.Ordinal) == true)
            {
                endpoint.TrySetResult(line.Data[listening.Length..].Trim());
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (await Task.WhenAny(endpoint.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30))) != endpoint.Task)
        {
            throw new InvalidOperationException("Chromium did not open its DevTools endpoint");
        }
        return await endpoint.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _profile.Delete(recursive: true);
    }
}
