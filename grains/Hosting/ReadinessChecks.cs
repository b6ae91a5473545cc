using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Viv.Hosting;

/// <summary>Ready when Redis answers a ping within a second.</summary>
public sealed class RedisReadiness(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F0} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer", e);
        }
    }
}

/// <summary>Ready when the Azure Storage table service answers within a second.</summary>
public sealed class AzureStorageReadiness(TableServiceClient tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(1));
            await tables.GetPropertiesAsync(deadline.Token);
            return HealthCheckResult.Healthy("Azure Storage answered");
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Azure Storage does not answer", e);
        }
    }
}

/// <summary>Ready when the cluster answers a grain call within two seconds.</summary>
public sealed class ClusterReadiness(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return silos.Count > 0 ? HealthCheckResult.Healthy($"{silos.Count} active silos") : HealthCheckResult.Unhealthy("No active silo");
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer", e);
        }
    }
}

/// <summary>
/// Embedded mode's readiness: the co-hosted silo is active. Read locally, never over a grain call
/// with a deadline: a busy two-core machine once took longer than the cluster check's two seconds,
/// and the gate turned a sign-up away with 503 although the silo was fine.
/// </summary>
public sealed class EmbeddedSiloReadiness(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is active")
            : HealthCheckResult.Unhealthy($"The silo is {silo.CurrentStatus}"));
}
