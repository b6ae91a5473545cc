using System.Net;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using StackExchange.Redis;
using Viv.Hosting;

namespace Viv.Silo;

public static class ClusterSilo
{
    /// <summary>Redis for membership, grain state, stream subscriptions and reminders: no schema to install.</summary>
    public static WebApplicationBuilder AddVivClusterSilo(this WebApplicationBuilder builder, VivOptions viv)
    {
        var redis = RedisConnection.Options(viv.Redis!);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        builder.Services.AddHealthChecks()
            .AddCheck<RedisReadiness>("redis", tags: ["ready"])
            .AddCheck<ClusterReadiness>("cluster", tags: ["ready"]);
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (viv.ClusterId, "viv"))
            // A dead silo is declared dead after two missed 2 s probes instead of three 5 s ones, so
            // calls to grains it held fail over within seconds (a kill -9 test measures it).
            .Configure<ClusterMembershipOptions>(m => (m.ProbeTimeout, m.NumMissedProbesLimit) = (TimeSpan.FromSeconds(2), 2))
            .ConfigureEndpoints(IPAddress.Parse(viv.AdvertisedIp), viv.SiloPort, viv.GatewayPort, listenOnAnyHostAddress: true)
            .UseRedisClustering(o => o.ConfigurationOptions = redis)
            // Clearing state (an ended device session) deletes its key instead of writing an empty one.
            .AddRedisGrainStorageAsDefault(o => (o.ConfigurationOptions, o.DeleteStateOnClear) = (redis, true))
            .AddRedisGrainStorage(Orleans.Providers.ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, o => o.ConfigurationOptions = redis)
            .UseRedisReminderService(o => o.ConfigurationOptions = redis)
            .AddVivDashboard(viv)
            .AddVivGrains());
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        builder.Services.TagLogsWithNode<ConsoleLoggerProvider>(viv.NodeName);
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
