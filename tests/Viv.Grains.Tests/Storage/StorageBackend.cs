using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Viv.Hosting;
using Viv.Meetings;
using Viv.Testing;

namespace Viv.Grains.Tests.Storage;

/// <summary>
/// One of the three places a Viv keeps its state, under a silo of its own configured as the hosts
/// configure theirs (<see cref="VivSilo"/>). The silo can be restarted on the same storage.
/// </summary>
public abstract class StorageBackend : IAsyncLifetime
{
    // Every cluster of a backend has the same service id, so a restarted one finds its state and reminders.
    private readonly string _serviceId = $"contract-{Guid.NewGuid():N}"[..20];

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The silo's grain storage of that name, as the grains use it.</summary>
    public IGrainStorage Storage(string name) =>
        Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(name);

    protected abstract Task StartStorage();

    protected abstract void AddStorage(ISiloBuilder silo, string serviceId);

    protected abstract ValueTask StopStorage();

    public async ValueTask InitializeAsync()
    {
        await StartStorage();
        await Deploy();
    }

    /// <summary>Stops the silo and starts a new one on the same storage, as a restarted cluster would.</summary>
    public async Task Restart()
    {
        await Cluster.DisposeAsync();
        await Deploy();
    }

    private async Task Deploy()
    {
        var builder = new InProcessTestClusterBuilder(1);
        (builder.Options.ClusterId, builder.Options.ServiceId) = ($"{_serviceId}-{Guid.NewGuid():N}"[..30], _serviceId);
        builder.ConfigureSilo((_, silo) =>
        {
            // Reminders may tick every second (AddVivGrains takes the shortest period from the meeting check).
            silo.Services.Configure<MeetingOptions>(o => o.CheckSeconds = 1);
            silo.AddVivGrains();
            AddStorage(silo, _serviceId);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await StopStorage();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Embedded mode's SQLite file.</summary>
public sealed class SqliteBackend : StorageBackend
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("viv-contract-");

    protected override Task StartStorage() => Task.CompletedTask;

    protected override void AddStorage(ISiloBuilder silo, string serviceId) => silo.AddVivEmbeddedStorage(_folder.FullName);

    protected override ValueTask StopStorage()
    {
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A cluster on Azure Storage, against an Azurite of its own or one it shares with another cluster.</summary>
public sealed class AzureBackend : StorageBackend
{
    private Azurite? _azurite, _owned;

    public AzureBackend()
    {
    }

    /// <summary>A second cluster (its own service id) on the account of another.</summary>
    internal AzureBackend(Azurite shared) => _azurite = shared;

    protected override async Task StartStorage() => _azurite ??= _owned = await Azurite.Start();

    protected override void AddStorage(ISiloBuilder silo, string serviceId) => silo.AddVivAzureStorage(_azurite!.ConnectionString, serviceId);

    protected override ValueTask StopStorage() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>A cluster on Redis.</summary>
public sealed class RedisBackend : StorageBackend
{
    private RedisServer _redis = null!;

    protected override async Task StartStorage() => _redis = await RedisServer.Start();

    protected override void AddStorage(ISiloBuilder silo, string serviceId) => silo.AddVivRedisStorage(_redis.Configuration, serviceId);

    protected override ValueTask StopStorage() => _redis.DisposeAsync();
}
