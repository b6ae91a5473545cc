using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Viv.Hosting;
using Viv.Web.Calls;
using Viv.Web.Pacing;

namespace Viv.Web.Realtime;

public static class RealtimeSetup
{
    public const string HubPath = "/hub";

    public static WebApplicationBuilder AddVivRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TurnOptions>(TurnOptions.Section);
        builder.Services.AddValidatedOptions<IceOptions>(IceOptions.Section).Validate<IOptions<TurnOptions>>(
            (ice, turn) => ice.TransportPolicy != "relay" || turn.Value.Enabled,
            $"{IceOptions.Section}:TransportPolicy is \"relay\" but no TURN server is configured ({TurnOptions.Section}:Urls).");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IceConfigurations>();
        // Room for a 64 KB session description plus its envelope, so an oversized one gets a clear refusal
        // from the call room instead of a closed connection.
        builder.Services.AddSignalR(hub =>
            {
                hub.MaximumReceiveMessageSize = 128 * 1024;
                hub.AddFilter<FailedInvocations>();
                hub.AddFilter<SessionFilter>();
                hub.AddFilter<PaceFilter>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        builder.Services.AddSingleton<FailedInvocations>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusedConnections>();
        builder.Services.AddSingleton<HeldConnections>();
        builder.Services.AddSingleton<SessionFilter>();
        builder.Services.AddSingleton<CallTabs>();
        builder.Services.AddSingleton<HubClientRelay>();
        builder.Services.AddSingleton<WebNode>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebNode>());
        return builder;
    }

    /// <summary>
    /// What MapHub does, with the web node holding each connection around SignalR's handling of it
    /// (<see cref="WebNode.Hold"/>): the hub's attributes (its [Authorize]) become endpoint metadata.
    /// </summary>
    public static WebApplication MapVivHub(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(HubPath), hub => hub.Use(HubOrigin.Check));
        var node = app.Services.GetRequiredService<WebNode>();
        app.MapConnections(HubPath, new HttpConnectionDispatcherOptions(), connection => connection
                .Use(next => context => node.Hold(context, () => next(context)))
                .UseHub<VivHub>())
            .WithMetadata([.. typeof(VivHub).GetCustomAttributes(inherit: true), new HubMetadata(typeof(VivHub))]);
        return app;
    }
}
