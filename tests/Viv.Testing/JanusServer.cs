using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Viv.Testing;

/// <summary>
/// Debian's Janus on loopback, configured by the project's own <c>deploy/janus/configure.sh</c> with a
/// fresh API secret, admin key and port; <c>./test.sh</c> installs it. ICE is kept to 127.0.0.1,
/// which is all a browser on the same machine reaches.
/// </summary>
public sealed class JanusServer : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("viv-janus-");
    private Process _process = null!;

    private JanusServer(string name) => Name = name;

    public string Name { get; }

    public int Port { get; } = VivServer.FreePort();

    public string ApiSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string AdminKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string Url => $"ws://127.0.0.1:{Port}";

    /// <summary>The process, for measuring what it costs.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Viv's configuration for this server as instance <paramref name="index"/> of <c>Viv:Media:Janus</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings(int index) => new Dictionary<string, string>
    {
        [$"Viv:Media:Janus:{index}:Name"] = Name,
        [$"Viv:Media:Janus:{index}:Url"] = Url,
        [$"Viv:Media:Janus:{index}:ApiSecret"] = ApiSecret,
        [$"Viv:Media:Janus:{index}:AdminKey"] = AdminKey,
    };

    public static async Task<JanusServer> Start(string name)
    {
        var server = new JanusServer(name);
        await server.Configure();
        await server.Launch();
        return server;
    }

    /// <summary>Starts Janus again on the same port and secrets after <see cref="Kill"/>; nothing while it runs.</summary>
    public Task Restart() => _process.HasExited ? Launch() : Task.CompletedTask;

    private async Task Configure()
    {
        var configure = new ProcessStartInfo(Path.Combine(VivServer.RepositoryRoot, "deploy", "janus", "configure.sh"))
        {
            ArgumentList = { _folder.FullName },
            Environment =
            {
                ["JANUS_API_SECRET"] = ApiSecret,
                ["JANUS_ADMIN_KEY"] = AdminKey,
                ["JANUS_WS_IP"] = "127.0.0.1",
                ["JANUS_WS_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
            },
        };
        using var process = Process.Start(configure)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/janus/configure.sh failed with exit code {process.ExitCode}");
        }
    }

    private async Task Launch()
    {
        // Information level (the configuration's own is warnings) for the line that says it listens.
        var start = new ProcessStartInfo("janus")
        {
            ArgumentList = { "-F", _folder.FullName, "--ice-enforce-list=127.0.0.1", "--debug-level=4" },
        };
        _process = await ServiceProcess.Start(start, "is the janus package installed? ./test.sh installs it", $"Websockets server started (port {Port})");
    }

    /// <summary>Stops Janus abruptly, as a crash would: its WebSocket and every PeerConnection end at once.</summary>
    public async Task Kill()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Kill();
        }
        _process.Dispose();
        _folder.Delete(recursive: true);
    }
}
