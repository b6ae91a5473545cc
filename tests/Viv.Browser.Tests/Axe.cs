using System.Text.Json;

namespace Viv.Browser.Tests;

/// <summary>
/// axe-core, the accessibility checker, run inside a page. Its built file is in <c>axe/</c>, copied
/// from the npm package pinned in <c>package.json</c> (see DEVELOPERS.md); Viv itself never serves it.
/// </summary>
public static class Axe
{
    /// <summary>WCAG 2.0 and 2.1, levels A and AA, and Deque's best practices.</summary>
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

    private static readonly string[] Blocking = ["serious", "critical"];

    // The source runs as the body of a function that Playwright calls over the DevTools protocol.
    // Viv's Content-Security-Policy (no inline script) governs script the page loads, not this, so
    // axe checks the pages with their real policy on; a context with BypassCSP would check a page
    // that Viv never serves. A <script> tag with the source inline would be refused by that policy.
    private static readonly Lazy<string> Install = new(() => $"() => {{\n{File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js"))}\n}}");

    private const string RunAxe = """
        async (tags) => {
          const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return JSON.stringify(violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({ target: n.target.flat().join(' '), summary: n.failureSummary })),
          })));
        }
        """;

    public sealed record Violation(string Id, string? Impact, string Help, IReadOnlyList<Node> Nodes)
    {
        public override string ToString() =>
            $"{Impact} {Id}: {Help}\n" + string.Join("\n", Nodes.Select(n => $"    {n.Target}\n      {n.Summary?.ReplaceLineEndings(" ")}"));
    }

    public sealed record Node(string Target, string? Summary);

    /// <summary>Runs axe on the page as it is now; writes every violation to the test output and fails on a serious or critical one.</summary>
    public static async Task Check(IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
        {
            await page.EvaluateAsync(Install.Value);
        }
        var json = await page.EvaluateAsync<string>(RunAxe, Tags);
        var violations = JsonSerializer.Deserialize<List<Violation>>(json, JsonSerializerOptions.Web)!;
        foreach (var violation in violations)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"axe, {what}: {violation}");
        }
        violations.Where(v => Blocking.Contains(v.Impact)).Should().BeEmpty(
            $"axe finds no serious or critical problem on {what}; it found:\n{string.Join("\n", violations.Where(v => Blocking.Contains(v.Impact)))}");
    }

    /// <summary>A way the page can look: colour scheme and window size.</summary>
    public sealed record Look(string Name, ColorScheme Scheme, int Width, int Height);

    /// <summary>Light and dark, each on a desktop and on a 390-pixel-wide phone.</summary>
    public static readonly IReadOnlyList<Look> Looks =
    [
        new("light, desktop", ColorScheme.Light, 1280, 800),
        new("dark, desktop", ColorScheme.Dark, 1280, 800),
        new("light, 390 px", ColorScheme.Light, 390, 844),
        new("dark, 390 px", ColorScheme.Dark, 390, 844),
    ];

    /// <summary>
    /// Shows the page in a look. Reduced motion too: Pico then drops its colour transitions, so no
    /// contrast is measured halfway between the light and the dark colours.
    /// </summary>
    public static async Task Show(IPage page, Look look)
    {
        await page.EmulateMediaAsync(new() { ColorScheme = look.Scheme, ReducedMotion = ReducedMotion.Reduce });
        await page.SetViewportSizeAsync(look.Width, look.Height);
    }

    /// <summary>
    /// Checks the page as it is now in every look, ending in the first (light, desktop): axe, and
    /// that nothing makes the page scroll sideways. Each look is saved under <c>artifacts/looks/</c>
    /// for a person to review the design by eye.
    /// </summary>
    public static async Task CheckEveryLook(IPage page, string what)
    {
        foreach (var look in Looks)
        {
            await Show(page, look);
            // From the top: a full-page picture of a scrolled page draws the sticky app bar mid-page.
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = LookFile(what, look), FullPage = true });
            await Check(page, $"{what} ({look.Name})");
            await FitsTheWidth(page, $"{what} ({look.Name})");
        }
        await Show(page, Looks[0]);
    }

    // The elements that reach past the right edge, for the failure message.
    private const string Overflow = """
        () => JSON.stringify({
          page: document.documentElement.scrollWidth,
          window: innerWidth,
          wide: [...document.body.querySelectorAll('*')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 1)
            .slice(0, 5)
            .map(e => `<${e.localName}${e.className ? ` class="${e.className}"` : ''}> ends at ${Math.round(e.getBoundingClientRect().right)} px`),
        })
        """;

    private sealed record Width(int Page, int Window, string[] Wide);

    private static async Task FitsTheWidth(IPage page, string what)
    {
        var width = JsonSerializer.Deserialize<Width>(await page.EvaluateAsync<string>(Overflow), JsonSerializerOptions.Web)!;
        width.Page.Should().BeLessThanOrEqualTo(width.Window,
            $"{what} fits the window without scrolling sideways; too wide: {string.Join(", ", width.Wide)}");
    }

    private static string LookFile(string what, Look look)
    {
        var name = System.Text.RegularExpressions.Regex.Replace($"{(what == "/" ? "home" : what)} {look.Name}".ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        var folder = Path.Combine(VivServer.RepositoryRoot, "artifacts", "looks");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{name}.png");
    }
}
