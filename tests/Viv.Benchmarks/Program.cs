using Viv.Benchmarks;

var options = Options.Parse(args);
string[] commands = options.Command == "all" ? ["signaling", "connections", "fanout"] : [options.Command];
if (commands.Any(command => command is not ("signaling" or "connections" or "fanout")) || (commands.Length > 1 && options.Json is not null))
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
await using var viv = await Target.Open(options);
var failed = 0;
foreach (var command in commands)
{
    failed |= command switch
    {
        "signaling" => await SignalingBenchmark.Run(viv, options),
        "connections" => await ConnectionCapacity.Run(viv, options),
        _ => await PresenceFanout.Run(viv, options),
    };
}
return failed;
