using Viv.Benchmarks;

var options = Options.Parse(args);
if (options.Command is not ("signaling" or "connections" or "fanout"))
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
await using var viv = await Target.Open(options);
return options.Command switch
{
    "signaling" => await SignalingBenchmark.Run(viv, options),
    "connections" => await ConnectionCapacity.Run(viv, options),
    _ => await PresenceFanout.Run(viv, options),
};
