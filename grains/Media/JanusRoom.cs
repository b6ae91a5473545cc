using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Viv.Media;

/// <summary>
/// A VideoRoom on one Janus session, with the handles of its publishers and subscribers. Janus's
/// messages about them queue here and reach the call room one at a time, in Janus's order, so the
/// session's read loop never waits on a call room.
/// </summary>
internal sealed class JanusRoom : IMediaRoom
{
    private readonly MediaServer _server;
    private readonly ConcurrentDictionary<long, JanusLeg> _legs = new();
    private readonly Channel<MediaEvent> _events = Channel.CreateUnbounded<MediaEvent>(new() { SingleReader = true });
    private readonly Func<MediaEvent, Task> _deliver;
    private readonly ILogger _logger;
    private int _closed;

    /// <summary>A room Janus has just created with this id, pin and secret.</summary>
    public JanusRoom(MediaServer server, JanusSession session, long id, string pin, string secret, Func<MediaEvent, Task> events, ILogger logger)
    {
        (_server, Session, Id, Pin, Secret, _deliver, _logger) = (server, session, id, pin, secret, events, logger);
        _ = Pump();
    }

    public string Server => _server.Name;

    public ILogger Logger => _logger;

    public JanusSession Session { get; }

    public long Id { get; }

    /// <summary>What joining needs besides the room id: Janus refuses a join without it.</summary>
    public string Pin { get; }

    /// <summary>What destroying the room needs.</summary>
    public string Secret { get; }

    public async Task<MediaPublisher> Publish(long feed, string offerSdp)
    {
        var leg = await Attach(handle => new JanusPublisher(this, handle, feed));
        try
        {
            await Session.Message(leg.Handle, new() { ["request"] = "join", ["ptype"] = "publisher", ["room"] = Id, ["id"] = feed, ["pin"] = Pin });
            return new MediaPublisher(leg, await leg.Configure("publish", offerSdp));
        }
        catch
        {
            await leg.Close();
            throw;
        }
    }

    public async Task<MediaSubscriber> Subscribe(IReadOnlyCollection<long> feeds)
    {
        var leg = await Attach(handle => new JanusSubscriber(this, handle));
        try
        {
            // use_msid: each feed's tracks arrive in one stream named after it, so the tab plays its
            // audio and video in sync. autoupdate off: Janus offers only in answer to Subscribe and
            // Update, never on its own when a feed leaves.
            var reply = await Session.Message(leg.Handle, new()
            {
                ["request"] = "join", ["ptype"] = "subscriber", ["room"] = Id, ["pin"] = Pin,
                ["use_msid"] = true, ["autoupdate"] = false, ["streams"] = JanusSubscriber.Feeds(feeds),
            });
            return new MediaSubscriber(leg, leg.Offered(reply));
        }
        catch
        {
            await leg.Close();
            throw;
        }
    }

    /// <summary>The mids a feed sends now, when it publishes through this room.</summary>
    public IReadOnlySet<string>? Streams(long feed) =>
        _legs.Values.OfType<JanusPublisher>().FirstOrDefault(publisher => publisher.Feed == feed)?.Streams;

    /// <summary>Detaches a leg; a server already gone took the handle with it.</summary>
    public async Task Close(JanusLeg leg)
    {
        if (!_legs.TryRemove(leg.Handle, out _))
        {
            return;
        }
        leg.Detached();
        try
        {
            await Session.Detach(leg.Handle);
        }
        catch (MediaServerUnavailableException)
        {
        }
    }

    /// <summary>The room's instance is gone: the call room hears it after what Janus said before.</summary>
    public void Lose()
    {
        foreach (var leg in _legs.Values)
        {
            leg.Detached();
        }
        _events.Writer.TryWrite(new MediaEvent(MediaEventKind.ServerLost, 0, 0));
        _events.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }
        // Not awaiting the queue: a call room may dispose its room while handling one of its events.
        _events.Writer.TryComplete();
        foreach (var leg in _legs.Values)
        {
            await Close(leg);
        }
        await _server.Destroy(this);
    }

    private async Task<T> Attach<T>(Func<long, T> leg) where T : JanusLeg
    {
        if (Session.Lost.IsCompleted)
        {
            throw new MediaServerUnavailableException($"Janus {Server} went away: {await Session.Lost}");
        }
        var created = leg(await Session.Attach(Route));
        _legs[created.Handle] = created;
        return created;
    }

    private void Route(JsonObject message)
    {
        if (Volatile.Read(ref _closed) == 1 || message["sender"] is not { } sender || !_legs.TryGetValue((long)sender, out var leg))
        {
            return;
        }
        leg.Heard(message);
        if (JanusEvents.Kind(message, leg.Feed) is { } kind && leg.Reports(kind))
        {
            _events.Writer.TryWrite(new MediaEvent(kind, leg.Handle, leg.Feed));
        }
    }

    private async Task Pump()
    {
        await foreach (var e in _events.Reader.ReadAllAsync())
        {
            if (Volatile.Read(ref _closed) == 1)
            {
                continue;
            }
            try
            {
                await _deliver(e);
            }
            catch (Exception failure)
            {
                MediaLog.EventNotHandled(_logger, failure, Server, Id, e.Kind, e.Handle);
            }
        }
    }
}
