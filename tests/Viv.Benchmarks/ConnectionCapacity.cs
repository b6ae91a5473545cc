using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// Memory per idle signed-in connection: users are registered first (their cookies kept, their HTTP
/// connections closed), then their hub connections open in steps; each step reports the server's
/// resident memory over the registered baseline, divided by the connections open. Each reading waits
/// <c>--seconds</c> first (10): past the grains' idle age (Occasional, 2 minutes, plus Orleans' collection
/// quantum of a minute) it reads what idle connections keep, not what signing in and the pages woke.
/// </summary>
internal static class ConnectionCapacity
{
    public static async Task<int> Run(Target viv, Options options)
    {
        var steps = options.Connections.Order().ToArray();
        var settle = TimeSpan.FromSeconds(options.Seconds);
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
        if (options.HoldSeconds > 0)
        {
            Console.WriteLine($"Holding the connections open for {options.HoldSeconds} s (server process {viv.ProcessId}).");
            await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
        }
        await Crowd.DisposeAll(hubs);
        return 0;
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}

/// <summary>One step: connections open at once, and what they cost the server.</summary>
internal sealed record CapacityRow(int Connections, double ConnectSeconds, double PerSecond, double ResidentMb, double KbPerConnection, double KbPerUser);
