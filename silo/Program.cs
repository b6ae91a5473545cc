using Viv.Hosting;
using Viv.Silo;

// A silo of a Viv cluster: grains on Redis, plus /healthz and /readyz for the operator.
var builder = WebApplication.CreateBuilder(args);
var viv = builder.Configuration.ReadValidated<VivOptions>(VivOptions.Section);
if (!viv.ClusterMode)
{
    StartupRefusal.SiloWithoutRedis.Exit("The silo host runs cluster mode only: set Viv:Redis (for one process, run the web project alone).");
}
RedisConnection.ExitUnlessReachable(viv.Redis!);
builder.AddVivClusterSilo(viv);

var app = builder.Build();
app.ExitUnlessConfigured();
app.MapVivHealth();
app.Run();
