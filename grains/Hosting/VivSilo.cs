using StackExchange.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using Orleans.Storage;
using Viv.Accounts;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Viv.Calls;
using Viv.Meetings;
using Viv.Contacts;
using Viv.Media;
using Viv.Push;
using Viv.VideoMessages;
using Viv.Storage;
using Viv.Telemetry;

namespace Viv.Hosting;

public static class VivSilo
{
    /// <summary>
    /// The clock business rules read (lockouts, leases). Keyed apart from the runtime's own
    /// TimeProvider so tests can move it without freezing Orleans' own timers.
    /// </summary>
    public const string Clock = "viv";

    /// <summary>What every silo needs, whatever it stores its state in.</summary>
    public static ISiloBuilder AddVivGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddKeyedSingleton(Clock, TimeProvider.System);
        silo.AddVivTracing();
        // Orleans' own version-tolerant binary format for all grain state (SQLite and Redis alike):
        // the default Newtonsoft JSON could not read back positional records such as ContactListEntry.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<Passwords>();
        silo.Services.AddValidatedOptions<AccountOptions>(AccountOptions.Section);
        silo.Services.AddValidatedOptions<CallOptions>(CallOptions.Section).Validate<IOptions<JanusOptions>>(
            (calls, media) => calls.MaxParticipants <= CallRules.LargestMesh || media.Value.Janus.Count > 0,
            $"{CallOptions.Section}:MaxParticipants above {CallRules.LargestMesh} needs a media server ({JanusOptions.Section}:Janus): without one, every browser would send its media to every other.");
        silo.Services.AddValidatedOptions<MeetingOptions>(MeetingOptions.Section);
        silo.Services.AddValidatedOptions<ContactOptions>(ContactOptions.Section)
            .RefusingFormerSection(ContactOptions.FormerSection, ContactOptions.Section);
        silo.Services.AddMediaServers();
        silo.Services.AddValidatedOptions<PushOptions>(PushOptions.Section);
        silo.Services.AddSingleton<PushDelivery>();
        silo.Services.AddValidatedOptions<VideoMessageOptions>(VideoMessageOptions.Section);
        // Meetings check the clock through a reminder; a shorter check period needs Orleans to allow it.
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<MeetingOptions>>((reminders, meetings) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(Math.Min(60, meetings.Value.CheckSeconds)));
        return silo;
    }

    /// <summary>The silo's half of the Orleans dashboard (grain statistics), unless <c>Viv:Dashboard</c> is off.</summary>
    public static ISiloBuilder AddVivDashboard(this ISiloBuilder silo, VivOptions viv) =>
        viv.Dashboard ? silo.AddDashboard() : silo;

    /// <summary>
    /// The storage of states that can be large (profile pictures): Azure Storage keeps them in blobs,
    /// as a table row holds at most 1 MB; SQLite and Redis keep them with every other state.
    /// </summary>
    public const string LargeStates = "large";

    /// <summary>Grain state and reminders in one SQLite file, for the single-process mode.</summary>
    public static ISiloBuilder AddVivEmbeddedStorage(this ISiloBuilder silo, string dataDirectory)
    {
        var database = Path.Combine(dataDirectory, "viv.db");
        silo.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, o => o.DatabasePath = database);
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(new SqliteReminderTable(database));
        silo.Services.AddSingleton<IVideoMessageFiles>(new FileVideoMessages(dataDirectory));
        return silo.LargeStatesInTheDefaultStorage();
    }

    /// <summary>
    /// A cluster's state on Azure Storage: grain state and reminders in tables
    /// (Orleans' default names; rows keyed by the service id, which is the cluster id), large states
    /// in the blob container <c>{cluster id}-large</c>. Membership is the host's to choose.
    /// </summary>
    public static ISiloBuilder AddVivAzureStorage(this ISiloBuilder silo, string connectionString, string clusterId)
    {
        var tables = AzureStorageAccount.Tables(connectionString);
        // Clearing state (an ended device session) deletes its row instead of writing an empty one.
        silo.AddAzureTableGrainStorageAsDefault(o => (o.TableServiceClient, o.DeleteStateOnClear) = (tables, true));
        silo.AddAzureBlobGrainStorage(LargeStates, o => (o.BlobServiceClient, o.ContainerName, o.DeleteStateOnClear) =
            (AzureStorageAccount.Blobs(connectionString), AzureStorageAccount.Container(clusterId, LargeStates), true));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = tables);
        silo.Services.AddSingleton<IVideoMessageFiles>(new BlobVideoMessages(
            AzureStorageAccount.Blobs(connectionString).GetBlobContainerClient(AzureStorageAccount.Container(clusterId, "video-messages"))));
        return silo;
    }

    /// <summary>
    /// A cluster's state on Redis: grain state, reminders, and the files of video messages under keys
    /// named by the cluster id. Membership is the host's to choose.
    /// </summary>
    public static ISiloBuilder AddVivRedisStorage(this ISiloBuilder silo, string redis, string clusterId)
    {
        var options = RedisConnection.Options(redis);
        silo.Services.AddSingleton<IVideoMessageFiles>(services => new RedisVideoMessages(ConnectionMultiplexer.Connect(options), clusterId));
        // Clearing state (an ended device session) deletes its key instead of writing an empty one.
        silo.AddRedisGrainStorageAsDefault(o => (o.ConfigurationOptions, o.DeleteStateOnClear) = (options, true));
        silo.UseRedisReminderService(o => o.ConfigurationOptions = options);
        return silo.LargeStatesInTheDefaultStorage();
    }

    // The same instance under a second name: the rows stay where they were before large states had a name.
    private static ISiloBuilder LargeStatesInTheDefaultStorage(this ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(LargeStates, (services, _) =>
            services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        return silo;
    }
}
