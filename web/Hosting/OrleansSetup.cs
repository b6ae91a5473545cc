using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;
using Viv.Hosting;

namespace Viv.Web.Hosting;

public static class OrleansSetup
{
    /// <summary>
    /// Embedded mode (the default): one process that co-hosts its own silo on loopback and keeps
    /// every grain's state in a SQLite file under <c>Viv:DataDirectory</c>.
    /// Cluster mode (<c>Viv:Redis</c> set): an Orleans client of the silos, and the cookie keys in
    /// Redis so that every web node accepts every cookie.
    /// </summary>
    public static WebApplicationBuilder AddVivOrleans(this WebApplicationBuilder builder)
    {
        var viv = builder.Configuration.ReadValidated<VivOptions>(VivOptions.Section);
        builder.Services.AddSingleton(viv);
        var health = builder.Services.AddHealthChecks();
        if (viv.ClusterMode)
        {
            RedisConnection.ExitUnlessReachable(viv.Redis!);
            var redis = ConnectionMultiplexer.Connect(RedisConnection.Options(viv.Redis!));
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            builder.Services.AddDataProtection().SetApplicationName("viv").PersistKeysToStackExchangeRedis(redis, "viv:data-protection-keys");
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (viv.ClusterId, "viv"))
                    .UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Options(viv.Redis!));
                if (viv.Dashboard)
                {
                    client.AddDashboard();
                }
            });
            health.AddCheck<RedisReadiness>("redis", tags: ["ready"]).AddCheck<ClusterReadiness>("cluster", tags: ["ready"]);
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
            builder.Services.TagLogsWithNode<ConsoleLoggerProvider>(viv.NodeName);
        }
        else
        {
            builder.Services.AddDataProtection().SetApplicationName("viv").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(viv.DataDirectory, "keys")));
            builder.UseOrleans(silo => silo
                .UseLocalhostClustering(viv.SiloPort, viv.GatewayPort, serviceId: "viv", clusterId: "viv-embedded")
                .Configure<EndpointOptions>(e => e.AdvertisedIPAddress = IPAddress.Loopback)
                .AddVivDashboard(viv)
                .AddVivGrains()
                .AddVivEmbeddedStorage(viv.DataDirectory));
            health.AddCheck<EmbeddedSiloReadiness>("silo", tags: ["ready"]);
        }
        return builder;
    }

    /// <summary>The Orleans dashboard has no authentication of its own: only administrators reach it.</summary>
    public static WebApplication MapVivDashboard(this WebApplication app)
    {
        if (app.Services.GetRequiredService<VivOptions>().Dashboard)
        {
            app.MapOrleansDashboard("/dashboard").RequireAuthorization(Accounts.AccountsSetup.AdministratorPolicy);
        }
        return app;
    }
}
