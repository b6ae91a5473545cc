using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Viv.Web.Tests;

/// <summary>The files that make Viv installable are served as browsers need them; the service worker keeps exactly the shell on disk.</summary>
public sealed partial class InstallableTests(ServerFixture fixture)
{
    private static readonly string WebRoot = Path.Combine(VivServer.RepositoryRoot, "web", "wwwroot");

    [Fact]
    public async Task The_manifest_worker_and_offline_page_come_with_their_types_the_worker_is_always_revalidated_and_the_offline_page_obeys_the_csp()
    {
        using var visitor = fixture.NewSession();

        using var manifest = await visitor.Http.GetAsync("/manifest.webmanifest");
        manifest.StatusCode.Should().Be(HttpStatusCode.OK);
        manifest.Content.Headers.ContentType!.MediaType.Should().Be("application/manifest+json");
        using (var parsed = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync()))
        {
            parsed.RootElement.GetProperty("name").GetString().Should().Be("Viv");
        }

        using var worker = await visitor.Http.GetAsync("/sw.js");
        worker.StatusCode.Should().Be(HttpStatusCode.OK);
        worker.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        worker.Headers.CacheControl!.NoCache.Should().BeTrue("a new worker must reach people at their next visit");

        using var offline = await visitor.Http.GetAsync("/offline.html");
        offline.StatusCode.Should().Be(HttpStatusCode.OK);
        offline.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        offline.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self' 'wasm-unsafe-eval';");
        var page = await offline.Content.ReadAsStringAsync();
        InlineScript().IsMatch(page).Should().BeFalse("the CSP allows no inline script");
        InlineStyle().IsMatch(page).Should().BeFalse("the CSP allows no inline style");
        page.Should().Contain("You are offline");
    }

    [Fact]
    public async Task The_service_worker_keeps_exactly_the_shell_files_on_disk_and_each_of_them_is_served()
    {
        using var visitor = fixture.NewSession();
        var worker = await File.ReadAllTextAsync(Path.Combine(WebRoot, "sw.js"));
        var listed = ShellPath().Matches(ShellList().Match(worker).Groups[1].Value).Select(m => m.Groups[1].Value).ToList();

        var onDisk = Directory.EnumerateFiles(WebRoot, "*", SearchOption.AllDirectories)
            .Select(file => "/" + Path.GetRelativePath(WebRoot, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(IsShell);

        listed.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(onDisk, "sw.js lists every shell file (then bump its version), and nothing else");
        foreach (var path in listed)
        {
            using var answer = await visitor.Http.GetAsync(path);
            answer.StatusCode.Should().Be(HttpStatusCode.OK, path);
        }
    }

    /// <summary>What the worker keeps: Viv's scripts and styles, the vendored libraries' code, the icons, the manifest and the offline page.</summary>
    private static bool IsShell(string path) =>
        path is "/offline.html" or "/manifest.webmanifest"
        || (path.StartsWith("/js/", StringComparison.Ordinal) && path.EndsWith(".js", StringComparison.Ordinal))
        || (path.StartsWith("/css/", StringComparison.Ordinal) && path.EndsWith(".css", StringComparison.Ordinal))
        || (path.StartsWith("/lib/", StringComparison.Ordinal) && (path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".css", StringComparison.Ordinal)))
        || path.StartsWith("/icons/", StringComparison.Ordinal);

    [GeneratedRegex(@"const shell = \[(.*?)\];", RegexOptions.Singleline)]
    private static partial Regex ShellList();

    [GeneratedRegex("\"(/[^\"]+)\"")]
    private static partial Regex ShellPath();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style|\sstyle=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();
}
