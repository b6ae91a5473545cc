namespace Viv.Media;

/// <summary>
/// The Janus instances this silo may place calls on (<c>Viv:Media:Janus</c>), each behind one
/// WebSocket and one Janus session of the silo's own. Browsers never reach their API: a call room
/// opens rooms here and relays the session descriptions between its participants' tabs and Janus.
/// </summary>
public interface IMediaServers
{
    /// <summary>False when no instance is configured: calls then stay a mesh, with the mesh's cap.</summary>
    bool Configured { get; }

    /// <summary>
    /// Creates a room (random id, secret and pin; <paramref name="publishers"/> at most; audio level
    /// events on, end-to-end encrypted media required) on the live instance with the fewest participants, other than <paramref name="avoid"/>
    /// (the instance a recovering call just lost). Every event Janus sends about the room's publishers
    /// and subscribers, and the loss of its instance, goes to <paramref name="events"/>, one at a time,
    /// in the order Janus sent them.
    /// </summary>
    /// <exception cref="MediaServerUnavailableException">No instance is reachable.</exception>
    Task<IMediaRoom> OpenRoom(int publishers, Func<MediaEvent, Task> events, string? avoid = null);
}

/// <summary>One VideoRoom on one Janus instance. Disposing destroys it and detaches all its handles.</summary>
public interface IMediaRoom : IAsyncDisposable
{
    /// <summary>The instance it lives on (its configured name), for placement and logs.</summary>
    string Server { get; }

    /// <summary>
    /// A participant's tab publishes: attaches a handle, joins as publisher with this feed id and
    /// configures it with the tab's offer; returns the handle and Janus's answer.
    /// </summary>
    Task<MediaPublisher> Publish(long feed, string offerSdp);

    /// <summary>
    /// A participant's tab subscribes to these feeds over one multistream connection: attaches a
    /// handle, joins as subscriber; returns the handle, Janus's offer and which mid carries which feed.
    /// Each feed must be publishing (its <see cref="MediaEventKind.Up"/> heard): Janus refuses any
    /// other with 428 "No such feed". A feed's tracks arrive in one stream named after the feed.
    /// </summary>
    Task<MediaSubscriber> Subscribe(IReadOnlyCollection<long> feeds);
}

/// <summary>One handle of a room: a publisher's or a subscriber's connection with Janus.</summary>
public interface IMediaLeg
{
    long Handle { get; }

    /// <summary>
    /// Passes one of the tab's ICE candidates to Janus (an empty candidate ends them). A publishing tab
    /// gathers its first ones before Publish returns the handle: those wait for it. Janus's own
    /// candidates are in its SDP (half-trickle): none come the other way.
    /// </summary>
    Task Trickle(Calls.IceCandidate candidate);

    /// <summary>Detaches the handle: Janus hangs up its PeerConnection. No Down follows for it.</summary>
    Task Close();
}

public interface IMediaPublisher : IMediaLeg
{
    /// <summary>The tab renegotiated (screen shared or stopped): configure with its new offer, Janus answers.</summary>
    Task<string> Renegotiate(string offerSdp);
}

public interface IMediaSubscriber : IMediaLeg
{
    /// <summary>The tab's answer to Janus's latest offer: media starts flowing.</summary>
    Task Start(string answerSdp);

    /// <summary>
    /// Adds and removes feeds in one renegotiation; returns Janus's new offer and streams, or null
    /// when nothing changed. A feed in <paramref name="subscribe"/> that it already has is brought up
    /// to date with what its publisher sends since a <see cref="IMediaPublisher.Renegotiate"/> (a
    /// screen added or stopped); Janus itself tells subscribers nothing of it. Only after
    /// <see cref="Start"/> answered the last offer: Janus would otherwise hold its offer back until then.
    /// </summary>
    Task<MediaOffer?> Update(IReadOnlyCollection<long> subscribe, IReadOnlyCollection<long> unsubscribe);

    /// <summary>What one of its video streams should carry: a simulcast layer (0 low … 2 high), or nothing (paused).</summary>
    Task Receive(string mid, int? substream);
}

/// <summary>A publisher handle with Janus's answer to the tab's first offer.</summary>
public sealed record MediaPublisher(IMediaPublisher Leg, string AnswerSdp);

/// <summary>A subscriber handle with Janus's first offer.</summary>
public sealed record MediaSubscriber(IMediaSubscriber Leg, MediaOffer Offer);

/// <summary>An offer from Janus to a subscriber, and which of its media lines carries which feed.</summary>
public sealed record MediaOffer(string Sdp, IReadOnlyList<MediaLine> Streams);

/// <summary>
/// One media line of a subscription: its mid, the feed it carries, audio, video or data (a data line
/// carries every feed's data channel, Feed 0). Lines that carry nothing any more (an unsubscribed
/// feed) are left out; the tab keeps them, inactive.
/// </summary>
public sealed record MediaLine(string Mid, long Feed, string Kind);

/// <summary>
/// No instance could take a room (the message names each and why), or the room's instance is gone:
/// after <see cref="MediaEventKind.ServerLost"/> every call on the room and its legs throws this,
/// except closing and disposing them.
/// A request Janus refused throws <see cref="JanusException"/> with Janus's code and reason.
/// </summary>
public sealed class MediaServerUnavailableException(string message) : Exception(message);
