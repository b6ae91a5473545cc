using Viv.Hosting;
using Viv.Silo;
using Viv.Telemetry;

// A silo of a Viv cluster: grains on Azure Storage or Redis, plus /healthz and /readyz for the operator.
var builder = WebApplication.CreateBuilder(args);
var viv = builder.Configuration.ReadValidated<VivOptions>(VivOptions.Section);
switch (viv.Cluster)
{
    case null:
        StartupRefusal.SiloWithoutClusterStorage.Exit("The silo host runs cluster mode only: set Viv:AzureStorage or Viv:Redis (for one process, run the web project alone).");
        break;
    case ClusterStorage.Azure:
        AzureStorageAccount.ExitUnlessReachable(viv.AzureStorage!);
        break;
    case ClusterStorage.Redis:
        RedisConnection.ExitUnlessReachable(viv.Redis!);
        break;
}
builder.AddVivClusterSilo(viv);
builder.AddVivTelemetry("silo");

var app = builder.Build();
app.ExitUnlessConfigured();
app.MapVivHealth();
app.Run();
