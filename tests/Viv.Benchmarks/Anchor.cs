using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// A relay the signaling command measures Viv against, each in a process of its own as Viv is, so the
/// CPU a step costs it is read from that process alone: a plain SignalR hub (<see cref="PlainHub"/>),
/// the seed's stack (socket.io 4.8 on Node, <c>socket.io/relay.mjs</c>) and the raw WebSocket floor
/// (<see cref="RawRelay"/>). The two .NET relays are this tool started again as <c>anchor NAME PORT</c>.
/// </summary>
internal sealed class Anchor(string name, Uri address, Process process) : IAsyncDisposable
{
    public const string PlainSignalR = "signalr", SocketIo = "socketio", Raw = "raw";

    private static readonly string SocketIoFolder = Path.Combine(VivServer.RepositoryRoot, "tests", "Viv.Benchmarks", "socket.io");

    public string Name { get; } = name;

    public Uri Address { get; } = address;

    public int ProcessId => process.Id;

    /// <param name="environment">Variables the relay's process gets beside the tool's own.</param>
    public static async Task<Anchor> Start(string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = VivServer.FreePort();
        ProcessStartInfo start;
        if (name == SocketIo)
        {
            await Install(SocketIoFolder);
            start = new ProcessStartInfo("node") { ArgumentList = { Path.Combine(SocketIoFolder, "relay.mjs"), $"{port}" } };
        }
        else
        {
            start = new ProcessStartInfo(Environment.ProcessPath!);
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Anchor).Assembly.Location);
            }
            foreach (var argument in new[] { "anchor", name, $"{port}" })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var started = await ServiceProcess.Start(start, $"the {name} relay", "listening on");
        return new Anchor(name, new Uri($"http://127.0.0.1:{port}"), started);
    }

    /// <summary>The child process's side: serves one relay on <paramref name="port"/> until it is killed.</summary>
    public static async Task<int> Serve(string name, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<IUserIdProvider, PlainHub.UserFromHeader>();
        var app = builder.Build();
        app.UseWebSockets();
        switch (name)
        {
            case PlainSignalR:
                app.MapHub<PlainHub>("/hub");
                break;
            case Raw:
                app.Map("/relay", new RawRelay().Accept);
                break;
            default:
                Console.Error.WriteLine($"No relay is called {name}: {PlainSignalR} or {Raw}");
                return 2;
        }
        await app.StartAsync();
        Console.WriteLine($"{name} relay listening on {port}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>npm packages as the folder's lock pins them, through the same script the test command uses (instant once installed).</summary>
    private static async Task Install(string folder)
    {
        using var npm = Process.Start(new ProcessStartInfo(Path.Combine(VivServer.RepositoryRoot, "deploy", "npm-install.sh")) { ArgumentList = { folder } })!;
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/npm-install.sh {folder} failed ({npm.ExitCode})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
