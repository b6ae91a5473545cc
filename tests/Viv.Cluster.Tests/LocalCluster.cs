using System.Diagnostics;
using System.Reflection;

[assembly: AssemblyFixture(typeof(Viv.Cluster.Tests.LocalCluster))]

namespace Viv.Cluster.Tests;

/// <summary>
/// The local cluster of <c>deploy/local-cluster.sh</c> (Redis, 2 silos, 2 web nodes, nginx) in a
/// directory of its own, brought up once for the tier and down at the end. Tests run one at a
/// time (xunit.runner.json): they kill and restart its processes.
/// </summary>
public sealed class LocalCluster : IAsyncLifetime
{
    public const int Port = 8190;
    public const int RedisPort = 6490;

    public const int TurnPort = 3690;

    private IPlaywright _playwright = null!;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("viv-cluster-tests-").FullName;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{Port}/");

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Script("up");
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.Launch(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Script("down");
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public Task<Person> NewPerson() => Chromium.NewPerson(Browser, BaseAddress);

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
                ["VIV_CLUSTER_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["VIV_REDIS_PORT"] = RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["VIV_TURN_PORT"] = TurnPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["VIV_CONFIGURATION"] = configuration,
                ["VIV_SKIP_BUILD"] = "1",
            },
        };
        // Every test person comes from 127.0.0.1 through nginx (the registration budget per client address
        // once made exactly its 10 a minute for the whole tier): the same test defaults as every VivServer.
        foreach (var (key, value) in VivServer.TestDefaults)
        {
            start.Environment[VivServer.EnvironmentVariable(key)] = value;
        }
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

    /// <summary>Sends a signal to a process of the cluster (redis, silo-1, web-2, ...) and waits until it has exited.</summary>
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

    public string Log(string name) => File.ReadAllText(Path.Combine(Directory, $"{name}.log"));
}
