using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Viv.Testing;

/// <summary>
/// Viv in embedded mode as a real process on a loopback port, as `dotnet run --project web`
/// would start it (its own appsettings.json, so its own log levels), with its own data directory
/// and silo ports so several can run at once. With cluster storage in its settings, a web node of a
/// cluster; <see cref="StartSilo"/> starts a silo of one.
/// </summary>
public sealed partial class VivServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Printed)> _awaited = [];
    private readonly int _siloPort = FreePort();
    private readonly int _gatewayPort = FreePort();
    private Process? _process;

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Func<ProcessStartInfo> _command;

    private VivServer(string dataDirectory, IReadOnlyDictionary<string, string> settings, Func<ProcessStartInfo> command) =>
        (DataDirectory, _settings, _command) = (dataDirectory, settings, command);

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The operating-system process, so tests and the benchmarks can read its memory (for <see cref="StartAsTheReadmeSays"/>, `dotnet run`).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Viv is not running.");

    /// <summary>Resident memory of a process in bytes, from <c>/proc</c>.</summary>
    public static long ResidentBytes(int processId) => Status(processId, "VmRSS");

    /// <summary>Resident memory of the server in bytes now.</summary>
    public long ResidentBytesNow => ResidentBytes(ProcessId);

    /// <summary>The most resident memory the server has had since <see cref="ResetPeakResidentBytes"/>.</summary>
    public long PeakResidentBytes => Status(ProcessId, "VmHWM");

    /// <summary>Starts the peak over from the memory in use now (Linux: writing 5 to clear_refs).</summary>
    public void ResetPeakResidentBytes() => File.WriteAllText($"/proc/{ProcessId}/clear_refs", "5");

    private static long Status(int processId, string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Everything the server printed, for the message of a failing test.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The log so far, entry by entry.</summary>
    public IReadOnlyList<LogEntry> Log => LogEntry.Parse(Output);

    /// <summary>Completes once the server has printed a line holding <paramref name="text"/> (at once if it already has).</summary>
    public Task Printed(string text)
    {
        lock (_output)
        {
            return _output.ToString().Contains(text, StringComparison.Ordinal) ? Task.CompletedTask : PrintsNext(text);
        }
    }

    /// <summary>Waits for the next line holding <paramref name="text"/>, not one printed already: ask before doing what makes the server print it.</summary>
    public Task PrintsNext(string text)
    {
        lock (_output)
        {
            var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, printed));
            return printed.Task;
        }
    }

    /// <summary>
    /// Per-person budgets (Viv:Limits) lifted, for a test or benchmark whose one user does what no
    /// person does in a minute: hundreds of contact changes or calls. PacingTests keep the defaults.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Unpaced = new Dictionary<string, string>
    {
        ["Viv:Limits:SignInsPerMinute"] = "100000",
        ["Viv:Limits:ContactChangesPerMinute"] = "100000",
        ["Viv:Limits:SearchesPerMinute"] = "100000",
        ["Viv:Limits:InvitationsPerMinute"] = "100000",
        ["Viv:Limits:MeetingChangesPerMinute"] = "100000",
        ["Viv:Limits:SignalingKilobytesPerMinute"] = "10000000",
    };

    /// <summary>
    /// What every test server changes unless a test's settings name it. Every test person comes from
    /// 127.0.0.1, so the budget of registrations per client address would be the whole tier's (the
    /// tests of that budget send X-Forwarded-For, as a proxy would, to come from addresses of their
    /// own). And hashing strength is not under test but took about 110 ms of CPU per registration and
    /// sign-in, for some thousand people a run (PasswordsTests hold the production default). The
    /// Orleans dashboard's telemetry cost each of the suite's some sixty servers about 2 s of CPU at
    /// start and 3% of a core idle, on a machine the suite keeps busy (DashboardTests turn it on).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TestDefaults = new Dictionary<string, string>
    {
        ["Viv:Limits:RegistrationsPerMinute"] = "100000",
        ["Viv:Accounts:PasswordHashIterations"] = "1000",
        ["Viv:Dashboard"] = "false",
    };

    /// <summary>
    /// Starts a server; <paramref name="settings"/> are configuration keys such as <c>Viv:Calls:RingTimeoutSeconds</c>.
    /// Throws <see cref="VivDidNotStart"/> when it does not come up listening.
    /// </summary>
    public static Task<VivServer> Start(IReadOnlyDictionary<string, string>? settings = null) => Start(settings, () => Built("web", "Viv.Web.dll"));

    /// <summary>A silo of a cluster (the silo host), on the cluster storage that <paramref name="settings"/> name.</summary>
    public static Task<VivServer> StartSilo(IReadOnlyDictionary<string, string> settings) => Start(settings, () => Built("silo", "Viv.Silo.dll"));

    /// <summary>
    /// Starts Viv with the README's command, `dotnet run --project web` from the repository root,
    /// launch profile and all, choosing no environment: only the port, the data directory and the
    /// silo ports are its own, and `--no-build` with this build's configuration keeps it from building.
    /// </summary>
    public static Task<VivServer> StartAsTheReadmeSays() => Start(null, ReadmeCommand);

    private static async Task<VivServer> Start(IReadOnlyDictionary<string, string>? settings, Func<ProcessStartInfo> command)
    {
        var server = new VivServer(Directory.CreateTempSubdirectory("viv-server-").FullName, settings ?? new Dictionary<string, string>(), command);
        try
        {
            await server.Launch();
        }
        catch (VivDidNotStart)
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Stops the process the way an operator would (SIGTERM) and starts it again on the same data.</summary>
    public async Task Restart()
    {
        await Stop();
        await Launch();
    }

    /// <summary>
    /// Kills the process with SIGKILL, so no shutdown code runs (as in a crash or an OOM kill), and
    /// starts it again on the same data.
    /// </summary>
    public async Task CrashAndRestart()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
        await Launch();
    }

    /// <summary>The environment variable that sets a configuration key: <c>Viv:Calls:X</c> is <c>Viv__Calls__X</c>.</summary>
    public static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private async Task Launch()
    {
        var start = _command();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["Viv__DataDirectory"] = DataDirectory;
        start.Environment["Viv__SiloPort"] = _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Viv__GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in TestDefaults.Where(lifted => !_settings.ContainsKey(lifted.Key)).Concat(_settings))
        {
            start.Environment[EnvironmentVariable(key)] = value;
        }
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Record(line.Data, listening);
        _process.ErrorDataReceived += (_, line) => Record(line.Data, listening);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(StartTimeout));
        if (first != listening.Task)
        {
            throw new VivDidNotStart(first == exited ? _process.ExitCode : null, Output);
        }
        BaseAddress = await listening.Task;
    }

    private static string Configuration => typeof(VivServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    private static ProcessStartInfo Built(string project, string assembly)
    {
        var root = Path.Combine(RepositoryRoot, project);
        return new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            ArgumentList = { Path.Combine(root, "bin", Configuration, "net10.0", assembly), "--urls", "http://127.0.0.1:0", "--contentRoot", root },
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
    }

    private static ProcessStartInfo ReadmeCommand()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot,
            ArgumentList = { "run", "--project", "web", "--no-build", "-c", Configuration, "--urls", "http://127.0.0.1:0" },
        };
        // A person's shell names no environment; whatever the test runner's has must not leak in.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        return start;
    }

    private void Record(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var awaited in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)).ToList())
            {
                awaited.Printed.SetResult();
                _awaited.Remove(awaited);
            }
        }
        if (ListeningOn().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    public async Task Stop()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        _process?.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Viv.Orleans.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Viv.Orleans.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// A port nothing listens on, for a server a test starts. Not one the kernel chose (port 0): that
    /// is from the ephemeral range (32768-60999 here), which the kernel also gives every outgoing
    /// connection, so between this check and the server's listen another process's connection could
    /// take it (Azurite once exited with EADDRINUSE so, failing ManagedIdentityTests in a fresh-clone
    /// run). These come from 20000-29999, below that range and below the cluster tier's fixed ports,
    /// and never twice from one process.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 30_000);
            if (!Handed.TryAdd(port, 0))
            {
                continue;
            }
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use by another process: take another.
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> Handed = new();

    // Cluster mode logs JSON: the address ends at the message's closing quote.
    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    private static partial Regex ListeningOn();
}
