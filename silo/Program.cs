using Viv.Hosting;
using Viv.Silo;

// A silo of a Viv cluster: grains on Redis, plus /healthz and /readyz for the operator.
var builder = WebApplication.CreateBuilder(args);
var viv = builder.Configuration.GetSection(VivOptions.Section).Get<VivOptions>() ?? new VivOptions();
if (!viv.ClusterMode)
{
    Console.Error.WriteLine("The silo host runs cluster mode only: set Viv:Redis (for one process, run the web project alone).");
    return 2;
}
RedisConnection.ExitUnlessReachable(viv.Redis!);
builder.AddVivClusterSilo(viv);

var app = builder.Build();
app.MapVivHealth();
app.Run();
return 0;
