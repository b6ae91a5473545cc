using Microsoft.Extensions.DependencyInjection;
using Viv.Hosting;

namespace Viv.Media;

public static class MediaSetup
{
    /// <summary>The media servers of <c>Viv:Media</c>, connected while the silo runs.</summary>
    public static IServiceCollection AddMediaServers(this IServiceCollection services)
    {
        services.AddValidatedOptions<JanusOptions>(JanusOptions.Section);
        services.AddSingleton<MediaServers>();
        services.AddSingleton<IMediaServers>(s => s.GetRequiredService<MediaServers>());
        services.AddHostedService(s => s.GetRequiredService<MediaServers>());
        return services;
    }
}
