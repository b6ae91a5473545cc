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
using Viv.Roster;
using Viv.Storage;

namespace Viv.Hosting;

public static class VivSilo
{
    public const string StreamProvider = "Viv";

    /// <summary>
    /// The clock business rules read (lockouts, leases). Keyed apart from the runtime's own
    /// TimeProvider so tests can move it without freezing Orleans' timers and stream agents.
    /// </summary>
    public const string Clock = "viv";

    /// <summary>What every silo needs, whatever it stores its state in.</summary>
    public static ISiloBuilder AddVivGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddKeyedSingleton(Clock, TimeProvider.System);
        // Orleans' own version-tolerant binary format for all grain state (SQLite and Redis alike):
        // the default Newtonsoft JSON could not read back positional records such as RosterEntry.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddSingleton<Passwords>();
        silo.Services.AddValidatedOptions<AccountOptions>(AccountOptions.Section);
        silo.Services.AddValidatedOptions<CallOptions>(CallOptions.Section);
        silo.Services.AddValidatedOptions<MeetingOptions>(MeetingOptions.Section);
        silo.Services.AddValidatedOptions<RosterOptions>(RosterOptions.Section);
        // Meetings check the clock through a reminder; a shorter check period needs Orleans to allow it.
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<MeetingOptions>>((reminders, meetings) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(Math.Min(60, meetings.Value.CheckSeconds)));
        silo.AddMemoryStreams(StreamProvider);
        return silo;
    }

    /// <summary>The silo's half of the Orleans dashboard (grain statistics), unless <c>Viv:Dashboard</c> is off.</summary>
    public static ISiloBuilder AddVivDashboard(this ISiloBuilder silo, VivOptions viv) =>
        viv.Dashboard ? silo.AddDashboard() : silo;

    /// <summary>Grain state, stream subscriptions and reminders in one SQLite file, for the single-process mode.</summary>
    public static ISiloBuilder AddVivEmbeddedStorage(this ISiloBuilder silo, string dataDirectory)
    {
        var database = Path.Combine(dataDirectory, "viv.db");
        silo.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, o => o.DatabasePath = database);
        silo.AddSqliteGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, o => o.DatabasePath = database);
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(new SqliteReminderTable(database));
        return silo;
    }
}
