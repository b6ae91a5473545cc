using Microsoft.Extensions.Hosting;
using Viv.Hosting;

// A standalone silo on loopback with the embedded SQLite storage. Cluster mode (Redis
// clustering, persistence and reminders behind several web nodes) replaces this configuration.
var builder = Host.CreateApplicationBuilder(args);
var dataDirectory = builder.Configuration["Viv:DataDirectory"]
    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "viv-silo");
builder.UseOrleans(silo => silo
    .UseLocalhostClustering()
    .AddVivGrains()
    .AddVivEmbeddedStorage(dataDirectory));
builder.Build().Run();
