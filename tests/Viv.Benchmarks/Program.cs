using System.Globalization;
using System.Text.Json;
using Viv.Benchmarks;
using Viv.Testing;

// viv-bench signaling [--url http://host:port] [--pairs 20] [--rates 1000,2000,5000] [--seconds 10] [--json file] [--smoke]
// Without --url it starts its own embedded Viv (the Release build) in a temporary data directory.
var options = Options.Parse(args);
if (options.Command != "signaling")
{
    Console.Error.WriteLine("usage: signaling [--url URL] [--pairs N] [--rates R1,R2,...] [--seconds S] [--json FILE] [--smoke]");
    return 2;
}

await using var embedded = options.Url is null ? await VivServer.Start() : null;
var viv = options.Url ?? embedded!.BaseAddress;
await using var relay = await RawRelay.Start();
Console.WriteLine($"Signaling: {options.Pairs} pairs, {options.Seconds} s per step, against {viv} and a raw WebSocket relay on {relay.Address}");

var results = new List<Summary>();
foreach (var target in new[] { "raw", "viv" })
{
    var latencies = new Latencies();
    var links = new List<ILink>();
    for (var i = 0; i < options.Pairs; i++)
    {
        links.Add(target == "viv" ? await VivLink.Open(viv, i, latencies) : await RawLink.Open(relay.Address, i, latencies));
    }
    results.AddRange(await SignalingBenchmark.Run(target, links, latencies, options.Rates, TimeSpan.FromSeconds(options.Seconds)));
    foreach (var link in links)
    {
        await link.DisposeAsync();
    }
}

Console.WriteLine();
Console.WriteLine("| target | rate/s | sent | received | p50 ms | p95 ms | p99 ms | max ms | p50 vs raw |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in results)
{
    var raw = results.First(r => r.Target == "raw" && r.Rate == row.Rate);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row.Target} | {row.Rate} | {row.Sent} | {row.Received} | {row.P50:F2} | {row.P95:F2} | {row.P99:F2} | {row.Max:F2} | {row.P50 / raw.P50:F2}x |"));
}
foreach (var target in new[] { "raw", "viv" })
{
    var held = results.Where(r => r.Target == target && r.P99 < 10 && r.Received == r.Sent).Select(r => r.Rate).DefaultIfEmpty(0).Max();
    Console.WriteLine($"{target}: highest rate held with p99 under 10 ms and nothing lost: {held} messages/s");
}
if (options.Json is { } json)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
}
return results.All(r => r.Received > 0) ? 0 : 1;
