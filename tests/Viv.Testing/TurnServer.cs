using System.Diagnostics;
using System.Security.Cryptography;

namespace Viv.Testing;

/// <summary>
/// Debian's coturn on loopback, started from the project's own <c>deploy/turnserver.conf</c> with a
/// fresh secret and port; <c>./test.sh</c> installs it. Also runs coturn's own client
/// (<c>turnutils_uclient</c>) to ask it for an allocation with given credentials.
/// </summary>
public sealed class TurnServer : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("viv-turn-");
    private Process _process = null!;

    public int Port { get; } = VivServer.FreePort();

    public string Secret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Viv's configuration for this server: UDP and TCP URLs and the shared secret.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Viv:Turn:Urls:0"] = $"turn:127.0.0.1:{Port}?transport=udp",
        ["Viv:Turn:Urls:1"] = $"turn:127.0.0.1:{Port}?transport=tcp",
        ["Viv:Turn:Secret"] = Secret,
    };

    public static async Task<TurnServer> Start()
    {
        var server = new TurnServer();
        await server.Launch();
        return server;
    }

    /// <summary>Starts coturn again on the same port and secret, after <see cref="Kill"/>.</summary>
    public Task Restart() => Launch();

    private async Task Launch()
    {
        var start = new ProcessStartInfo("turnserver")
        {
            ArgumentList =
            {
                "-c", Path.Combine(VivServer.RepositoryRoot, "deploy", "turnserver.conf"),
                $"--static-auth-secret={Secret}",
                $"--listening-port={Port}",
                $"--pidfile={Path.Combine(_folder.FullName, "turnserver.pid")}",
                $"--userdb={Path.Combine(_folder.FullName, "turndb")}",
            },
        };
        _process = await ServiceProcess.Start(start, "is the coturn package installed? ./test.sh installs it", "Total General servers");
    }

    /// <summary>Asks coturn for an allocation with these credentials; true when it grants one.</summary>
    public async Task<bool> Allocates(string username, string credential)
    {
        var client = new ProcessStartInfo("turnutils_uclient")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-y", "-n", "1", "-m", "1", "-l", "100", "-u", username, "-w", credential, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1" },
        };
        using var process = Process.Start(client)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        await drain;
        return process.ExitCode == 0;
    }

    /// <summary>Stops coturn abruptly, as a crash or a network cut would.</summary>
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
