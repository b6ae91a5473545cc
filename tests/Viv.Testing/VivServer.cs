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
/// and silo ports so several can run at once.
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

    private VivServer(string dataDirectory, IReadOnlyDictionary<string, string> settings) =>
        (DataDirectory, _settings) = (dataDirectory, settings);

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The operating-system process, so the benchmarks can read its memory.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Viv is not running.");

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
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }
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
    };

    /// <summary>
    /// Starts a server; <paramref name="settings"/> are configuration keys such as <c>Viv:Calls:RingTimeoutSeconds</c>.
    /// Throws <see cref="VivDidNotStart"/> when it does not come up listening.
    /// </summary>
    public static async Task<VivServer> Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new VivServer(Directory.CreateTempSubdirectory("viv-server-").FullName, settings ?? new Dictionary<string, string>());
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

    private async Task Launch()
    {
        var web = Path.Combine(RepositoryRoot, "web");
        var configuration = typeof(VivServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(web, "bin", configuration, "net10.0", "Viv.Web.dll"), "--urls", "http://127.0.0.1:0", "--contentRoot", web },
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Viv__DataDirectory"] = DataDirectory,
                ["Viv__SiloPort"] = _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Viv__GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
