using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Orleans.Configuration;
using Orleans.Dashboard;
using StackExchange.Redis;
using Viv.Hosting;
using Viv.Telemetry;

namespace Viv.Web.Hosting;

public static class OrleansSetup
{
    /// <summary>
    /// Embedded mode (the default): one process that co-hosts its own silo on loopback and keeps
    /// every grain's state in a SQLite file under <c>Viv:DataDirectory</c>.
    /// Cluster mode (<c>Viv:AzureStorage</c> or <c>Viv:Redis</c> set): an Orleans client of the silos,
    /// and the cookie keys in that storage so that every web node accepts every cookie.
    /// </summary>
    public static WebApplicationBuilder AddVivOrleans(this WebApplicationBuilder builder)
    {
        var viv = builder.Configuration.ReadValidated<VivOptions>(VivOptions.Section);
        builder.Services.AddSingleton(viv);
        var health = builder.Services.AddHealthChecks();
        if (viv.Cluster is { } storage)
        {
            var keys = builder.Services.AddDataProtection().SetApplicationName("viv");
            Action<IClientBuilder> membership;
            if (storage == ClusterStorage.Azure)
            {
                AzureStorageAccount.ExitUnlessReachable(viv.AzureStorage!);
                var tables = AzureStorageAccount.Tables(viv.AzureStorage!);
                builder.Services.AddSingleton(tables);
                keys.Services.Configure<KeyManagementOptions>(o =>
                    o.XmlRepository = new BlobKeyRing(AzureStorageAccount.Blobs(viv.AzureStorage!).GetBlobContainerClient(AzureStorageAccount.Container(viv.ClusterId, "keys"))));
                membership = client => client.UseAzureStorageClustering(o => o.TableServiceClient = tables);
                health.AddCheck<AzureStorageReadiness>("azure-storage", tags: ["ready"]);
            }
            else
            {
                RedisConnection.ExitUnlessReachable(viv.Redis!);
                var redis = ConnectionMultiplexer.Connect(RedisConnection.Options(viv.Redis!));
                builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
                keys.PersistKeysToStackExchangeRedis(redis, $"{viv.ClusterId}:data-protection-keys");
                membership = client => client.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Options(viv.Redis!));
                health.AddCheck<RedisReadiness>("redis", tags: ["ready"]);
            }
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (viv.ClusterId, viv.ClusterId))
                    // A gateway this node saw die stays dead to it for one refresh period, even once its silo is
                    // back: with Orleans' minute, silos restarted one after the other within a minute left the
                    // node with no gateway it believed alive (docs/operations.md, restarting silos).
                    .Configure<GatewayOptions>(g => g.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
                membership(client);
                client.AddVivTracing();
                if (viv.Dashboard)
                {
                    client.AddDashboard();
                }
            });
            health.AddCheck<ClusterReadiness>("cluster", tags: ["ready"]);
            builder.Logging.AddNodeJsonConsole(viv.NodeName);
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

    /// <summary>How often a web node reads which silos are gateways; one read of the membership table each time.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

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
