using System.Text.Json;
using System.Text.Json.Serialization;
using Viv.Web.Calls;

namespace Viv.Web.Realtime;

public static class RealtimeSetup
{
    public const string HubPath = "/hub";

    public static WebApplicationBuilder AddVivRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IceOptions>().BindConfiguration(IceOptions.Section);
        // Room for a 64 KB session description plus its envelope, so an oversized one gets a clear refusal
        // from the call room instead of a closed connection.
        builder.Services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 128 * 1024)
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
