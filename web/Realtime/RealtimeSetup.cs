using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json.Serialization;
using Viv.Web.Calls;
using Viv.Web.Pacing;

namespace Viv.Web.Realtime;

public static class RealtimeSetup
{
    public const string HubPath = "/hub";

    public static WebApplicationBuilder AddVivRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IceOptions>().BindConfiguration(IceOptions.Section);
        builder.Services.AddOptions<TurnOptions>().BindConfiguration(TurnOptions.Section);
        ExitUnlessIceWorks(builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IceConfigurations>();
        // Room for a 64 KB session description plus its envelope, so an oversized one gets a clear refusal
        // from the call room instead of a closed connection.
        builder.Services.AddSignalR(hub =>
            {
                hub.MaximumReceiveMessageSize = 128 * 1024;
                hub.AddFilter<SessionFilter>();
                hub.AddFilter<PaceFilter>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        builder.Services.AddSingleton<HeldConnections>();
        builder.Services.AddSingleton<SessionFilter>();
        builder.Services.AddSingleton<HubClientRelay>();
        builder.Services.AddSingleton<WebNode>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebNode>());
        return builder;
    }

    /// <summary>A TURN server Viv cannot sign credentials for would fail every relayed call later; say why now, and stop (exit code 4).</summary>
    private static void ExitUnlessIceWorks(ConfigurationManager configuration)
    {
        var ice = configuration.GetSection(IceOptions.Section).Get<IceOptions>() ?? new IceOptions();
        var turn = configuration.GetSection(TurnOptions.Section).Get<TurnOptions>() ?? new TurnOptions();
        if (turn.Problem(ice) is { } problem)
        {
            Console.Error.WriteLine($"Viv cannot start: {problem}");
            Environment.Exit(4);
        }
    }

    /// <summary>
    /// What MapHub does, with the web node holding each connection around SignalR's handling of it
    /// (<see cref="WebNode.Hold"/>): the hub's attributes (its [Authorize]) become endpoint metadata.
    /// </summary>
    public static WebApplication MapVivHub(this WebApplication app)
    {
        var node = app.Services.GetRequiredService<WebNode>();
        app.MapConnections(HubPath, new HttpConnectionDispatcherOptions(), connection => connection
                .Use(next => context => node.Hold(context, () => next(context)))
                .UseHub<VivHub>())
            .WithMetadata([.. typeof(VivHub).GetCustomAttributes(inherit: true), new HubMetadata(typeof(VivHub))]);
        return app;
    }
}
