using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Testing;

/// <summary>The hub as Viv's clients open it: WebSockets straight away, no negotiation round trip; the caller adds its credentials.</summary>
public static class HubConnections
{
    public static HubConnection To(Uri baseAddress, Action<HttpConnectionOptions> credentials) => new HubConnectionBuilder()
        .WithUrl(new Uri(baseAddress, "/hub"), options =>
        {
            options.SkipNegotiation = true;
            options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            credentials(options);
        })
        .Build();

    /// <summary>Completes when the connection closes, whoever closes it; ask before the close can happen.</summary>
    public static Task Closing(this HubConnection hub)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
