using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// Memory per idle signed-in connection (<c>viv</c> among <c>--targets</c>): users are registered first (their cookies kept, their HTTP
/// connections closed), then their hub connections open in steps; each step reports the server's
/// resident memory over the registered baseline, divided by the connections open. Each reading waits
/// <c>--seconds</c> first (10): past the grains' idle age (Occasional, 2 minutes, plus Orleans' collection
/// quantum of a minute) it reads what idle connections keep, not what signing in and the pages woke.
/// With <c>signalr</c> among <c>--targets</c> (both are by default), the plain SignalR hub (<see cref="PlainHub"/>) is
/// measured the same way after Viv: connections that are only SignalR's, for what the framework itself keeps.
/// </summary>
internal static class ConnectionCapacity
{
    public static async Task<int> Run(Target viv, Options options)
    {
        var steps = options.Connections.Order().ToArray();
        var settle = TimeSpan.FromSeconds(options.Seconds);
        if (options.Targets.Contains("viv"))
        {
            await VivConnections(viv, steps, settle, options);
        }
        if (options.Targets.Contains(Anchor.PlainSignalR))
        {
            await PlainHubConnections(steps, settle, options);
        }
        return 0;
    }

    private static async Task VivConnections(Target viv, int[] steps, TimeSpan settle, Options options)
    {
        var total = steps[^1];
        var fresh = viv.ResidentBytes();
        Console.WriteLine($"Connections: registering {total} users against {viv.Address}");
        var clock = Stopwatch.StartNew();
        var sessions = await Crowd.Each(total, 16, async i =>
        {
            var (session, _, _) = await HubUser.Register(viv.Address, $"Idle {i}");
            session.Dispose();
            return session;
        });
        var registering = clock.Elapsed;
        await Task.Delay(settle);
        var registered = viv.ResidentBytes();
        Console.WriteLine($"Registered {total} in {registering.TotalSeconds:F0} s; resident {Mb(fresh)} MB fresh, {Mb(registered)} MB registered");

        var hubs = new List<HubConnection>();
        var rows = new List<CapacityRow>();
        foreach (var step in steps)
        {
            clock.Restart();
            var offset = hubs.Count;
            var opened = await Crowd.Each(step - offset, 64, async i =>
            {
                var hub = sessions[offset + i].Hub();
                await hub.StartAsync();
                return hub;
            });
            hubs.AddRange(opened);
            var connecting = clock.Elapsed;
            await Task.Delay(settle);
            var resident = viv.ResidentBytes();
            rows.Add(new CapacityRow(step, connecting.TotalSeconds, step / connecting.TotalSeconds, Mb(resident), (resident - registered) / 1024.0 / step, (resident - fresh) / 1024.0 / step));
            Console.WriteLine($"{step} connections open; resident {Mb(resident)} MB");
        }
        Report.Table(["connections", "connect s", "connections/s", "server RSS MB", "KB per connection", "KB per user incl. registration"], rows.Select(r =>
            (IReadOnlyList<string>)[Report.Whole(r.Connections), r.ConnectSeconds.ToString("F1", CultureInfo.InvariantCulture), Report.Whole(r.PerSecond),
                Report.Whole(r.ResidentMb), r.KbPerConnection.ToString("F1", CultureInfo.InvariantCulture), r.KbPerUser.ToString("F1", CultureInfo.InvariantCulture)]));
        Console.WriteLine($"Registering {total} users took {registering.TotalSeconds:F0} s ({total / registering.TotalSeconds:F0}/s).");
        await Report.Json(options.Json, rows);
        await Hold(options, viv.ProcessId);
        await Crowd.DisposeAll(hubs);
    }

    /// <summary>
    /// The same steps of idle connections on the plain hub, run with Workstation GC as Viv's nodes are
    /// (web/Viv.Web.csproj); its connections are who their header says, with nothing to register.
    /// </summary>
    private static async Task PlainHubConnections(int[] steps, TimeSpan settle, Options options)
    {
        await using var hub = await Anchor.Start(Anchor.PlainSignalR, new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        Console.WriteLine($"The plain SignalR hub started (process {hub.ProcessId}).");
        await Task.Delay(settle);
        var fresh = VivServer.ResidentBytes(hub.ProcessId);
        var sockets = new List<HubSocket>();
        var rows = new List<CapacityRow>();
        var clock = Stopwatch.StartNew();
        foreach (var step in steps)
        {
            clock.Restart();
            var offset = sockets.Count;
            sockets.AddRange(await Crowd.Each(step - offset, 64, i =>
                HubSocket.Connect(new Uri(hub.Address, "/hub"), o => o.SetRequestHeader(PlainHub.UserHeader, $"idle-{offset + i}"), "signal", _ => { })));
            var connecting = clock.Elapsed;
            await Task.Delay(settle);
            var resident = VivServer.ResidentBytes(hub.ProcessId);
            rows.Add(new CapacityRow(step, connecting.TotalSeconds, step / connecting.TotalSeconds, Mb(resident), (resident - fresh) / 1024.0 / step, (resident - fresh) / 1024.0 / step));
        }
        Console.WriteLine($"The plain SignalR hub, resident {Mb(fresh)} MB fresh:");
        Report.Table(["connections", "connect s", "connections/s", "server RSS MB", "KB per connection"], rows.Select(r =>
            (IReadOnlyList<string>)[Report.Whole(r.Connections), r.ConnectSeconds.ToString("F1", CultureInfo.InvariantCulture), Report.Whole(r.PerSecond),
                Report.Whole(r.ResidentMb), r.KbPerConnection.ToString("F1", CultureInfo.InvariantCulture)]));
        await Report.Json(options.Json is null ? null : Path.ChangeExtension(options.Json, ".signalr.json"), rows);
        await Hold(options, hub.ProcessId);
        await Crowd.DisposeAll(sockets);
    }

    private static async Task Hold(Options options, int? processId)
    {
        if (options.HoldSeconds > 0)
        {
            Console.WriteLine($"Holding the connections open for {options.HoldSeconds} s (server process {processId}).");
            await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
        }
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}

/// <summary>One step: connections open at once, and what they cost the server.</summary>
internal sealed record CapacityRow(int Connections, double ConnectSeconds, double PerSecond, double ResidentMb, double KbPerConnection, double KbPerUser);
