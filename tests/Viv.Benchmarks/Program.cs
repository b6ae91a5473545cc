using Viv.Benchmarks;

if (args is ["anchor", var relay, var port])
{
    return await Anchor.Serve(relay, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
}
var options = Options.Parse(args);
string[] commands = options.Command == "all" ? ["signaling", "connections", "fanout", "e2ee", "noise"] : [options.Command];
if (commands.Any(command => command is not ("signaling" or "connections" or "fanout" or "e2ee" or "noise" or "media")) || (commands.Length > 1 && options.Json is not null))
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
if (commands.Contains("media") && MediaBenchmark.Refuses(options) is { } refused)
{
    Console.Error.WriteLine(refused);
    return 2;
}
// The media command's Janus instances come first: the Viv the tool starts is configured with them
// (--setting wins over their settings).
await using var janus = commands.Contains("media") ? await JanusPair.Start() : null;
await using var viv = await Target.Open(janus is null ? options : options with { Settings = options.Settings.Concat(janus.Settings).DistinctBy(s => s.Key).ToDictionary() });
var failed = 0;
foreach (var command in commands)
{
    failed |= command switch
    {
        "signaling" => await SignalingBenchmark.Run(viv, options),
        "connections" => await ConnectionCapacity.Run(viv, options),
        "fanout" => await PresenceFanout.Run(viv, options),
        "e2ee" => await FrameEncryption.Run(viv, options),
        "noise" => await NoiseSuppressionCost.Run(viv, options),
        _ => await MediaBenchmark.Run(viv, janus!, options),
    };
}
return failed;
