using System.Text.Json;
using System.Text.RegularExpressions;

namespace Viv.Browser.Tests;

/// <summary>Viv installs as an app: a manifest with icons, and a service worker that keeps the shell and says "offline" without a network.</summary>
public sealed class InstallableTests(BrowserFixture fixture)
{
    private static readonly string[] Shell =
        ["/offline.html", "/manifest.webmanifest", "/lib/pico/pico.min.css", "/lib/signalr/signalr.min.js", "/css/site.css", "/js/shell/app.js", "/js/shell/signaling.js", "/js/shell/install.js", "/js/shell/offline.js", "/icons/icon-192.png"];

    private static readonly string[] OfflinePages = ["/", "/Account/Login", "/Contacts"];

    private static readonly string[] OfflineShell = ["/lib/pico/pico.min.css", "/css/site.css", "/js/shell/offline.js"];

    private static readonly string[] ShellFolders = ["/lib/", "/css/", "/js/", "/icons/"];

    [Fact]
    public async Task The_manifest_loads_as_a_web_app_manifest_every_icon_it_lists_is_an_image_of_its_size_and_chromium_finds_viv_installable()
    {
        await using var visitor = await fixture.NewPersonInTheFullBrowser();
        await visitor.Page.GotoAsync("/Account/Login");
        var href = await visitor.Page.Locator("link[rel=manifest]").GetAttributeAsync("href");

        var answer = await visitor.Page.EvaluateAsync<JsonElement>(
            "async (href) => { const r = await fetch(href); return { status: r.status, type: r.headers.get('content-type'), text: await r.text() }; }", href);
        answer.GetProperty("status").GetInt32().Should().Be(200);
        answer.GetProperty("type").GetString().Should().StartWith("application/manifest+json");
        using var manifest = JsonDocument.Parse(answer.GetProperty("text").GetString()!);
        var root = manifest.RootElement;
        root.GetProperty("name").GetString().Should().Be("Viv");
        root.GetProperty("short_name").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("start_url").GetString().Should().Be("/");
        root.GetProperty("scope").GetString().Should().Be("/");
        root.GetProperty("display").GetString().Should().Be("standalone");

        var icons = root.GetProperty("icons").EnumerateArray()
            .Select(i => (Src: i.GetProperty("src").GetString()!, Sizes: i.GetProperty("sizes").GetString()!, Purpose: i.GetProperty("purpose").GetString()!))
            .ToList();
        icons.Select(i => i.Sizes).Should().Contain(["192x192", "512x512"]);
        icons.Should().Contain(i => i.Purpose == "maskable");
        var linked = new List<(string Src, string Sizes)>
        {
            (await visitor.Page.Locator("link[rel=apple-touch-icon]").GetAttributeAsync("href") ?? "", "180x180"),
        };
        foreach (var (src, sizes) in icons.Select(i => (i.Src, i.Sizes)).Concat(linked))
        {
            var (width, height) = await NaturalSize(visitor.Page, src);
            if (sizes == "any")
            {
                width.Should().BePositive(src);
            }
            else
            {
                $"{width}x{height}".Should().Be(sizes, src);
            }
        }

        // Chromium's own reading of the manifest finds no errors in it.
        var cdp = await visitor.Context.NewCDPSessionAsync(visitor.Page);
        var read = (await cdp.SendAsync("Page.getAppManifest"))!.Value;
        read.GetProperty("url").GetString().Should().EndWith("/manifest.webmanifest");
        read.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).Should().BeEmpty();

        // And Chromium would install it: the one objection left is the test's own context, which is
        // a private (incognito) profile.
        await visitor.ServiceWorkerActivated();
        var installability = (await cdp.SendAsync("Page.getInstallabilityErrors"))!.Value;
        installability.GetProperty("installabilityErrors").EnumerateArray().Select(e => e.GetProperty("errorId").GetString())
            .Should().BeEquivalentTo(["in-incognito"]);
    }

    [Fact]
    public async Task The_service_worker_activates_keeps_the_shell_and_never_a_page_the_hub_the_api_or_a_picture()
    {
        await using var ada = await fixture.NewPerson(serviceWorker: true);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await ada.Register($"Ada {tag}", Person.Picture());
        await Expect(ada.Page.GetByRole(AriaRole.Heading, new() { Name = $"Hello, Ada {tag}" })).ToBeVisibleAsync();

        await ada.ServiceWorkerActivated();
        (await ada.Page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.ready).active.scriptURL")).Should().MatchRegex("^http://[^/]+/sw\\.js$");
        await ada.Page.ReloadAsync();
        (await ada.Page.EvaluateAsync<string?>("() => navigator.serviceWorker.controller?.scriptURL")).Should().EndWith("/sw.js");

        // Use the app: the hub (live connection, a search), the API, and the profile picture.
        await Person.Connected(ada.Page);
        await Expect(ada.Page.GetByRole(AriaRole.Img, new() { Name = $"Ada {tag}" })).ToHaveJSPropertyAsync("naturalWidth", 256);
        await ada.Page.GotoAsync("/Contacts");
        await Person.Connected(ada.Page);
        await ada.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).FillAsync($"Nobody {tag}");
        await ada.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).PressAsync("Enter");
        (await ada.Page.EvaluateAsync<int>(ApiMe, new { username = ada.Username, password = Person.Password })).Should().Be(200, "a GET the API answers is there to be kept");

        var (names, kept) = await CacheContents(ada.Page);
        names.Should().ContainSingle().Which.Should().StartWith("viv-shell-");
        kept.Select(WithoutQuery).Should().Contain(Shell);
        kept.Should().OnlyContain(url => IsShellFile(WithoutQuery(url)), "pages, the hub, the API, pictures and calendar files are never kept");
    }

    [Fact]
    public async Task Offline_the_shell_comes_from_the_cache_every_page_says_viv_needs_a_connection_and_back_online_the_page_returns_by_itself()
    {
        await using var ada = await fixture.NewPerson(serviceWorker: true);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await ada.Register($"Ada {tag}");
        // The worker claims the pages open when it activates, but not one whose navigation was under way
        // then (Register's redirect, on a slow machine): that page stays uncontrolled until it loads again.
        await ada.ServiceWorkerActivated();
        await ada.Page.ReloadAsync();
        (await ada.Page.EvaluateAsync<string?>("() => navigator.serviceWorker.controller?.scriptURL")).Should().EndWith("/sw.js");
        var shellAnswers = new List<(string Path, int Status, bool FromServiceWorker)>();
        ada.Page.Response += (_, response) =>
        {
            lock (shellAnswers)
            {
                shellAnswers.Add((new Uri(response.Url).AbsolutePath, response.Status, response.FromServiceWorker));
            }
        };

        await ada.Context.SetOfflineAsync(true);
        foreach (var path in OfflinePages)
        {
            await ShowsOffline(ada.Page, await ada.Page.GotoAsync(path));
            await Expect(ada.Page.GetByText("Viv needs a connection for calls. This page will reload when you are back.")).ToBeVisibleAsync();
            await Expect(ada.Page).ToHaveURLAsync(new Regex($"{Regex.Escape(path)}$"));
            (await ada.Page.EvaluateAsync<int[]>("() => [...document.styleSheets].map(s => s.cssRules.length)"))
                .Should().HaveCount(2).And.OnlyContain(rules => rules > 0, "Pico and Viv's styles came from the cache");
        }
        lock (shellAnswers)
        {
            foreach (var file in OfflineShell)
            {
                shellAnswers.Should().Contain((file, 200, true), $"{file} is served by the service worker while offline");
            }
        }
        await ada.Page.ScreenshotAsync(new() { Path = Person.Screenshot("offline.png") });

        await ada.Context.SetOfflineAsync(false);

        // Nobody presses anything: the offline page notices Viv answering and reloads into the page asked for.
        await Expect(ada.Page.GetByRole(AriaRole.Heading, new() { Name = "You are offline" })).ToHaveCountAsync(0);
        await Expect(ada.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" })).ToBeVisibleAsync();
        await Person.Connected(ada.Page);
        await ada.Page.GotoAsync("/");
        await Expect(ada.Page.GetByRole(AriaRole.Heading, new() { Name = $"Hello, Ada {tag}" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Waits for the offline page; when it does not show, says what did (this check failed once under
    /// the whole suite's load with nothing more to go on): the navigation's answer and whether the
    /// service worker gave it, the page's address, title and headings, and what controls the page.
    /// </summary>
    private static async Task ShowsOffline(IPage page, IResponse? navigation)
    {
        try
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are offline" })).ToBeVisibleAsync();
        }
        catch (PlaywrightException e)
        {
            var shown = await page.EvaluateAsync<string>("""
                () => JSON.stringify({ title: document.title, headings: [...document.querySelectorAll('h1, h2')].map(h => h.textContent.trim()),
                  controller: navigator.serviceWorker?.controller?.scriptURL ?? null, online: navigator.onLine })
                """);
            var answer = navigation is null ? "no response" : $"{navigation.Status} (from the service worker: {navigation.FromServiceWorker})";
            throw new PlaywrightException($"The offline page did not show at {page.Url}; the navigation's answer: {answer}; the page: {shown}", e);
        }
    }

    [Fact]
    public async Task Install_app_appears_only_when_the_browser_offers_to_install_and_hands_over_to_the_browser_when_pressed()
    {
        await using var visitor = await fixture.NewPerson();
        await visitor.Page.GotoAsync("/");
        var install = visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Install app" });
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(install).ToHaveCountAsync(0);

        // Headless Chromium never offers installation, so the test plays the browser's part.
        await visitor.Page.EvaluateAsync("""
            () => {
              const offer = new Event("beforeinstallprompt", { cancelable: true });
              offer.prompt = async () => { window.__prompted = (window.__prompted ?? 0) + 1; };
              dispatchEvent(offer);
              window.__defaultPrevented = offer.defaultPrevented;
            }
            """);
        await install.ClickAsync();

        (await visitor.Page.EvaluateAsync<int>("() => window.__prompted")).Should().Be(1);
        (await visitor.Page.EvaluateAsync<bool>("() => window.__defaultPrevented")).Should().BeTrue("the browser's own banner waits for the button");
        await Expect(install).ToHaveCountAsync(0);
    }

    /// <summary>Signs in to the API as a native client would and reads the profile with the bearer token.</summary>
    private const string ApiMe = """
        async ({ username, password }) => {
          const tokens = await (await fetch("/api/v1/tokens", {
            method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, password }) })).json();
          return (await fetch("/api/v1/me", { headers: { Authorization: `Bearer ${tokens.accessToken}` } })).status;
        }
        """;

    private static string WithoutQuery(string url) => url.Split('?')[0];

    private static bool IsShellFile(string path) =>
        path is "/offline.html" or "/manifest.webmanifest" || ShellFolders.Any(folder => path.StartsWith(folder, StringComparison.Ordinal));

    /// <summary>Every cache's name and every URL (path and query) kept in them, as the page's own Cache Storage lists them.</summary>
    private static async Task<(string[] Names, string[] Urls)> CacheContents(IPage page)
    {
        var contents = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const names = await caches.keys();
              const urls = [];
              for (const name of names) {
                for (const request of await (await caches.open(name)).keys()) {
                  const url = new URL(request.url);
                  urls.push(url.pathname + url.search);
                }
              }
              return { names, urls };
            }
            """);
        return (contents.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray(),
            contents.GetProperty("urls").EnumerateArray().Select(u => u.GetString()!).ToArray());
    }

    private static async Task<(int Width, int Height)> NaturalSize(IPage page, string src)
    {
        var size = await page.EvaluateAsync<int[]>(
            "async (src) => { const image = new Image(); image.src = src; await image.decode(); return [image.naturalWidth, image.naturalHeight]; }", src);
        return (size[0], size[1]);
    }
}
