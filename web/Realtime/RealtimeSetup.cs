using System.Text.Json;
using System.Text.Json.Serialization;

namespace Viv.Web.Realtime;

public static class RealtimeSetup
{
    public const string HubPath = "/hub";

    public static WebApplicationBuilder AddVivRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddSingleton<HubClientRelay>();
        builder.Services.AddSingleton<WebNode>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebNode>());
        return builder;
    }

    public static WebApplication MapVivHub(this WebApplication app)
    {
        app.MapHub<VivHub>(HubPath);
        return app;
    }
}
