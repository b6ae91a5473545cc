using System.Net;
using Orleans.Configuration;
using StackExchange.Redis;
using Viv.Hosting;

namespace Viv.Silo;

public static class ClusterSilo
{
    /// <summary>
    /// Membership, grain state and reminders in the cluster's storage: Azure
    /// Storage tables (and a blob container for pictures), or Redis. Neither has a schema to install.
    /// </summary>
    public static WebApplicationBuilder AddVivClusterSilo(this WebApplicationBuilder builder, VivOptions viv)
    {
        var health = builder.Services.AddHealthChecks();
        builder.UseOrleans(silo =>
        {
            // The service id scopes the grain state and reminders in the storage, so two clusters
            // sharing an account or a Redis (each its own Viv:ClusterId) never see each other's.
            silo.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (viv.ClusterId, viv.ClusterId))
                // A dead silo is declared dead after two missed 2 s probes instead of three 5 s ones, so
                // calls to grains it held fail over within seconds (a kill -9 test measures it).
                .Configure<ClusterMembershipOptions>(m => (m.ProbeTimeout, m.NumMissedProbesLimit) = (TimeSpan.FromSeconds(2), 2))
                .ConfigureEndpoints(IPAddress.Parse(viv.AdvertisedIp), viv.SiloPort, viv.GatewayPort, listenOnAnyHostAddress: true)
                .AddVivDashboard(viv)
                .AddVivGrains();
            if (viv.Cluster == ClusterStorage.Azure)
            {
                silo.UseAzureStorageClustering(o => o.TableServiceClient = AzureStorageAccount.Tables(viv.AzureStorage!))
                    .AddVivAzureStorage(viv.AzureStorage!, viv.ClusterId);
            }
            else
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Options(viv.Redis!))
                    .AddVivRedisStorage(viv.Redis!, viv.ClusterId);
            }
        });
        if (viv.Cluster == ClusterStorage.Azure)
        {
            builder.Services.AddSingleton(AzureStorageAccount.Tables(viv.AzureStorage!));
            health.AddCheck<AzureStorageReadiness>("azure-storage", tags: ["ready"]);
        }
        else
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnection.Options(viv.Redis!)));
            health.AddCheck<RedisReadiness>("redis", tags: ["ready"]);
        }
        health.AddCheck<ClusterReadiness>("cluster", tags: ["ready"]);
        builder.Logging.AddNodeJsonConsole(viv.NodeName);
        return builder;
    }

    /// <summary>/healthz: the process lives. /readyz: Redis and the cluster answer.</summary>
    public static WebApplication MapVivHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
