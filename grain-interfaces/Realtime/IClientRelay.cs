using Orleans.Concurrency;
using Viv.Calls;

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

    /// <summary>
    /// The tabs taking part in a call as its room knows them now, none once it is over: between two
    /// tabs this node holds, a signal goes straight from one to the other without the room. Awaited,
    /// unlike deliveries, so that once the room has let someone go no node lets their tab signal any
    /// more; a node that has not answered within seconds is taken for dead.
    /// </summary>
    [Alias("SetCallTabs"), ResponseTimeout("00:00:03")]
    Task SetCallTabs(Guid callId, IReadOnlyList<CallEnd> tabs);
}
