using System.Net;
using Orleans.Configuration;
using Viv.Hosting;

namespace Viv.Web.Hosting;

public static class EmbeddedSilo
{
    /// <summary>
    /// The default mode: one process that co-hosts its own silo on loopback and keeps every
    /// grain's state in a SQLite file under <c>Viv:DataDirectory</c>.
    /// </summary>
    public static WebApplicationBuilder AddVivOrleans(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(VivOptions.Section).Get<VivOptions>() ?? new VivOptions();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: "viv", clusterId: "viv-embedded")
            .Configure<EndpointOptions>(e => e.AdvertisedIPAddress = IPAddress.Loopback)
            .AddVivGrains()
            .AddVivEmbeddedStorage(options.DataDirectory));
        return builder;
    }
}
