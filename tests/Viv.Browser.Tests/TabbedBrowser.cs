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
    /// Runs an expression in the page's service worker, waits for its promise and returns its value (as JSON). Playwright for .NET
    /// has no handle on service workers, so this goes through DevTools: the worker is a target of
    /// its own, reached with messages through the browser's session.
    /// </summary>
    public async Task<System.Text.Json.JsonElement> EvaluateInServiceWorker(string expression)
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
        var evaluate = System.Text.Json.JsonSerializer.Serialize(new { id = 1, method = "Runtime.evaluate", @params = new { expression, awaitPromise = true, returnByValue = true } });
        await session.SendAsync("Target.sendMessageToTarget", new() { ["sessionId"] = sessionId!, ["message"] = evaluate });
        var result = await answer.Task.WaitAsync(TimeSpan.FromSeconds(15));
        if (result.TryGetProperty("error", out var error) || result.GetProperty("result").TryGetProperty("exceptionDetails", out error))
        {
            throw new InvalidOperationException($"The service worker could not run {expression}: {error}");
        }
        await session.DetachAsync();
        return result.GetProperty("result").GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>
    /// Test-only instrumentation in the worker, recording and never replacing: the promise each push
    /// event's handler hands to waitUntil, settled to what became of it. Returns how many were recorded.
    /// </summary>
    private const string PushRecorder = """
        (() => {
          if (self.__pushes) return self.__pushes.length;
          self.__pushes = [];
          const waitUntil = ExtendableEvent.prototype.waitUntil;
          ExtendableEvent.prototype.waitUntil = function (promise) {
            if (this instanceof PushEvent) self.__pushes.push(Promise.resolve(promise).then(() => "handled", (reason) => `failed: ${reason}`));
            return waitUntil.call(this, promise);
          };
          return 0;
        })()
        """;

    /// <summary>
    /// Hands <paramref name="data"/> to the service worker of <paramref name="origin"/> as its push service
    /// would (DevTools' ServiceWorker.deliverPushMessage: the browser's own push event, after decryption),
    /// and waits until the worker has handled it; returns "handled" or why not. The worker is started
    /// first if the browser stopped it (as it does with Viv closed), so the recorder is in place.
    /// </summary>
    public async Task<string> DeliverPush(Uri origin, string data)
    {
        var session = await Context.NewCDPSessionAsync(Context.Pages[0]);
        var scope = origin.GetLeftPart(UriPartial.Authority) + "/";
        var registration = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, updated) =>
        {
            foreach (var r in updated!.Value.GetProperty("registrations").EnumerateArray())
            {
                if (r.GetProperty("scopeURL").GetString() == scope && !r.GetProperty("isDeleted").GetBoolean())
                {
                    registration.TrySetResult(r.GetProperty("registrationId").GetString()!);
                }
            }
        };
        await session.SendAsync("ServiceWorker.enable");
        var registrationId = await registration.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await session.SendAsync("ServiceWorker.startWorker", new() { ["scopeURL"] = scope });
        var before = await WhenRunning(() => EvaluateInServiceWorker(PushRecorder));
        await session.SendAsync("ServiceWorker.deliverPushMessage", new() { ["origin"] = origin.GetLeftPart(UriPartial.Authority), ["registrationId"] = registrationId, ["data"] = data });
        await session.DetachAsync();
        var waited = Stopwatch.StartNew();
        while (!(await EvaluateInServiceWorker($"self.__pushes.length > {before.GetInt32()}")).GetBoolean())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException("The service worker was given a push and never handled it");
            }
            await Task.Delay(50);
        }
        return (await EvaluateInServiceWorker($"self.__pushes[{before.GetInt32()}]")).GetString()!;
    }

    /// <summary>Runs <paramref name="evaluate"/> once the worker asked to start is a target DevTools can reach.</summary>
    private static async Task<System.Text.Json.JsonElement> WhenRunning(Func<Task<System.Text.Json.JsonElement>> evaluate)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await evaluate();
            }
            catch (InvalidOperationException) when (waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50);
            }
        }
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
