using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

[assembly: AssemblyFixture(typeof(Viv.Cluster.Tests.LocalCluster))]

namespace Viv.Cluster.Tests;

/// <summary>
/// The local cluster of <c>deploy/local-cluster.sh</c> (its storage, 2 silos, 2 web nodes, nginx) in a
/// directory of its own, brought up once and down at the end. This one, the tier's, runs on Azure
/// Storage (Azurite), the script's default. Its tests are one class, so they run one at a time: they
/// kill and restart its processes. The Redis cluster's class runs beside it (xunit.runner.json).
/// </summary>
public class LocalCluster : IAsyncLifetime
{
    private readonly string _storage;
    private readonly IReadOnlyDictionary<string, int> _ports;
    private IPlaywright _playwright = null!;
    private Task<IBrowser>? _browser;

    public LocalCluster()
        : this("azure", new Dictionary<string, int>
        {
            ["VIV_CLUSTER_PORT"] = 8190, ["VIV_REDIS_PORT"] = 6490, ["VIV_TURN_PORT"] = 3690, ["VIV_AZURITE_PORT"] = 10490,
            ["VIV_WEB_PORT"] = 5100, ["VIV_SILO_HTTP_PORT"] = 5200, ["VIV_SILO_PORT"] = 11110, ["VIV_GATEWAY_PORT"] = 30000,
            ["VIV_JANUS_PORT"] = 8290, ["VIV_METRICS_PORT"] = 9500, ["VIV_PROMETHEUS_PORT"] = 9590, ["VIV_SCRAPE_SECONDS"] = 1,
        })
    {
    }

    /// <summary>
    /// Every node's log (silos, web nodes, Janus, nginx, storage) into artifacts/test-logs/cluster-{storage}/,
    /// where a failed run's logs outlive the cluster's folder and can be read afterwards.
    /// </summary>
    private void KeepLogs()
    {
        var kept = System.IO.Directory.CreateDirectory(Path.Combine(VivServer.RepositoryRoot, "artifacts", "test-logs", $"cluster-{_storage}"));
        foreach (var log in System.IO.Directory.EnumerateFiles(Directory, "*.log"))
        {
            File.Copy(log, Path.Combine(kept.FullName, Path.GetFileName(log)), overwrite: true);
        }
    }

    /// <summary>A cluster on <paramref name="storage"/> (azure or redis) with ports of its own, so two can run at once.</summary>
    protected LocalCluster(string storage, IReadOnlyDictionary<string, int> ports) => (_storage, _ports) = (storage, ports);

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("viv-cluster-tests-").FullName;

    /// <summary>The push service (a real RFC 8030 one) every node of this cluster may send to.</summary>
    public PushService Push { get; } = PushService.Start();

    public Uri BaseAddress => new($"http://127.0.0.1:{_ports["VIV_CLUSTER_PORT"]}/");

    /// <summary>Web node <paramref name="n"/> (1 or 2) directly, past nginx.</summary>
    public Uri WebNode(int n) => new($"http://127.0.0.1:{_ports["VIV_WEB_PORT"] + n}/");

    /// <summary>The cluster's Prometheus, scraping every node each second.</summary>
    public Uri Prometheus => new($"http://127.0.0.1:{_ports["VIV_PROMETHEUS_PORT"]}/");

    // Playwright starts here, outside any test: it delivers browser events (console lines, which
    // Person writes to the running test's output) on the context it was created on.
    public async ValueTask InitializeAsync()
    {
        await Script("up", "--storage", _storage);
        _playwright = await Playwright.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await (await _browser).DisposeAsync();
        }
        _playwright.Dispose();
        await Script("down");
        await Push.DisposeAsync();
        KeepLogs();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A person in Chromium, launched on first use (a cluster's tests run one at a time).</summary>
    public async Task<Person> NewPerson() => await Chromium.NewPerson(await (_browser ??= Chromium.Launch(_playwright)), BaseAddress);

    /// <summary>Runs deploy/local-cluster.sh with this cluster's directory and ports; throws with its output if it fails.</summary>
    public async Task<string> Script(params string[] arguments)
    {
        var configuration = typeof(LocalCluster).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var start = new ProcessStartInfo(Path.Combine(VivServer.RepositoryRoot, "deploy", "local-cluster.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["VIV_CLUSTER_DIR"] = Directory,
                ["VIV_CONFIGURATION"] = configuration,
                ["VIV_SKIP_BUILD"] = "1",
            },
        };
        // Every test person comes from 127.0.0.1 through nginx (the registration budget per client address
        // once made exactly its 10 a minute for the whole tier): the same test defaults as every VivServer.
        foreach (var (variable, port) in _ports)
        {
            start.Environment[variable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in VivServer.TestDefaults)
        {
            start.Environment[VivServer.EnvironmentVariable(key)] = value;
        }
        start.Environment[VivServer.EnvironmentVariable("Viv:Push:Services:0")] = Push.Origin.ToString();
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var all = await output + await errors;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{all}");
        }
        return all;
    }

    /// <summary>
    /// Starts whatever of the cluster is not running (<c>local-cluster.sh up</c>), then waits until nginx
    /// sends requests to both web nodes again: it passes over a node it failed to reach for 5 s (fail_timeout).
    /// </summary>
    public async Task Up()
    {
        await Script("up");
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var nodes = new HashSet<string>();
        var waited = Stopwatch.StartNew();
        while (nodes.Count < 2)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "nginx should reach both web nodes within 30 s of up");
            using var response = await http.GetAsync("healthz");
            nodes.UnionWith(response.Headers.TryGetValues("X-Viv-Node", out var node) ? node : []);
            await Task.Delay(100);
        }
    }

    /// <summary>Sends a signal to a process of the cluster (azurite, redis, silo-1, web-2, ...) and waits until it has exited.</summary>
    public async Task Signal(string name, string signal)
    {
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(Directory, $"{name}.pid"))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        using (var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>Everything node <paramref name="name"/> logged, every start of it (local-cluster.sh appends).</summary>
    public string Log(string name) => File.ReadAllText(Path.Combine(Directory, $"{name}.log"));

    /// <summary>The structured lines node <paramref name="name"/> logged at <paramref name="since"/> or later.</summary>
    public IEnumerable<JsonElement> LoggedSince(string name, DateTimeOffset since) => Log(name).Split('\n')
        .Where(line => line.StartsWith('{'))
        .Select(line => JsonSerializer.Deserialize<JsonElement>(line))
        .Where(line => line.GetProperty("Timestamp").GetDateTimeOffset() >= since);

    /// <summary>
    /// Waits until both web nodes have read the membership table since <paramref name="since"/> and count
    /// <paramref name="gateways"/> gateways alive (each refresh is logged, local-cluster.sh): what to wait
    /// for between restarting one silo and stopping the next.
    /// </summary>
    public async Task WebNodesCountGateways(int gateways, DateTimeOffset since)
    {
        var refreshed = $"Now has '{gateways}' live gateways";
        var waited = Stopwatch.StartNew();
        foreach (var node in new[] { "web-1", "web-2" })
        {
            while (!LoggedSince(node, since).Any(line => line.GetProperty("Message").GetString()!.Contains(refreshed, StringComparison.Ordinal)))
            {
                waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), $"{node} should count {gateways} gateways within 30 s of a silo's restart");
                await Task.Delay(250);
            }
        }
    }

    /// <summary>What node <paramref name="name"/> logged since it last started (local-cluster.sh marks each start in its log).</summary>
    public string LogSinceStart(string name)
    {
        var log = Log(name);
        var started = log.LastIndexOf($"--- {name} started ", StringComparison.Ordinal);
        return started < 0 ? log : log[started..];
    }
}

/// <summary>A second cluster, on Redis, with ports of its own: the storage profile the script keeps beside Azure Storage.</summary>
public sealed class RedisCluster() : LocalCluster("redis", new Dictionary<string, int>
{
    ["VIV_CLUSTER_PORT"] = 8191, ["VIV_REDIS_PORT"] = 6491, ["VIV_TURN_PORT"] = 3691, ["VIV_AZURITE_PORT"] = 10495,
    ["VIV_WEB_PORT"] = 5300, ["VIV_SILO_HTTP_PORT"] = 5400, ["VIV_SILO_PORT"] = 11310, ["VIV_GATEWAY_PORT"] = 30300,
    ["VIV_JANUS_PORT"] = 8295, ["VIV_METRICS_PORT"] = 9600, ["VIV_PROMETHEUS_PORT"] = 9690, ["VIV_SCRAPE_SECONDS"] = 1,
});
