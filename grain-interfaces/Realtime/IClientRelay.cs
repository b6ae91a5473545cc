using Orleans.Concurrency;

namespace Viv.Realtime;

/// <summary>
/// One per web node: hands events to the SignalR connections that node holds. Grains call it
/// directly (one hop), fire and forget, so a slow or dead node never holds up a grain; a dead
/// node's connections fall away when their lease runs out.
/// </summary>
[Alias("viv.IClientRelay")]
public interface IClientRelay : IGrainObserver
{
    [OneWay, Alias("Deliver")]
    Task Deliver(IReadOnlyList<string> connectionIds, ClientEvent clientEvent);

    /// <summary>Tells these connections their session ended, then closes them: the server's end of signing out.</summary>
    [OneWay, Alias("Close")]
    Task Close(IReadOnlyList<string> connectionIds);
}
