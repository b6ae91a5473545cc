using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Viv.Storage;

public static class SqliteGrainStorageRegistration
{
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name, Action<SqliteGrainStorageOptions> configure)
    {
        silo.Services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        silo.Services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>();
        silo.Services.AddGrainStorage(name, (services, providerName) => new SqliteGrainStorage(
            providerName,
            services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(providerName),
            services.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return silo;
    }
}
