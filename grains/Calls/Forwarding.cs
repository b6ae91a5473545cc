using Microsoft.Extensions.Logging;
using Viv.Media;

namespace Viv.Calls;

/// <summary>
/// A call's media through a media server, once the call grew past the mesh limit: each participant's
/// tab publishes one feed to the call's room and receives everyone else's over one connection. The
/// room relays every session description between the tabs and the media server, so browsers never
/// learn the room, its secrets or the server's API. A tab receives a feed only once the media server
/// has its publisher's connection up (subscribing earlier is refused), and only one offer at a time:
/// changes wait for its answer to the last one. When the media server is lost and no other can take
/// the call, a call small enough for a mesh goes back to its direct connections; a larger one tries
/// the media servers again until one can.
/// </summary>
internal sealed partial class Forwarding(ICall call, Mesh mesh, IMediaServers servers, Func<MediaEvent, Task> heard, CallOptions options, ILogger logger)
{
    /// <summary>Janus sends a subscriber the largest size of every video unless told otherwise.</summary>
    private const int LargestLayer = (int)VideoQuality.High;

    private readonly Dictionary<Guid, Feed> _feeds = [];

    /// <summary>Who spoke, the latest first: whose video tabs receive when a call has more than the video limit.</summary>
    private readonly List<Guid> _speakers = [];

    /// <summary>Who shares their screen, the latest first: everyone receives their video before any speaker's.</summary>
    private readonly List<Guid> _sharers = [];
    private IMediaRoom? _room;
    private IGrainTimer? _reopening;
    private int _tries;

    /// <summary>The call's media goes through a media server: its room is open, or the call waits for one to open.</summary>
    public bool On { get; private set; }

    /// <summary>
    /// Before someone comes in: if the call grows past the mesh limit, its media moves to a media
    /// server and everyone already in starts publishing there. With no server reachable it stays a mesh.
    /// </summary>
    public async Task Grow(int participants)
    {
        if (!On && CallRules.Forwards(participants, options.MeshLimit, servers.Configured))
        {
            await Open(avoid: null);
        }
    }

    /// <summary>
    /// Opens the call's room on the least loaded media server and tells everyone in to publish there,
    /// from scratch: a room that moved to another server starts with no feed and no subscription.
    /// </summary>
    private async Task<bool> Open(string? avoid)
    {
        try
        {
            _room = await servers.OpenRoom(call.Room.Capacity, heard, avoid);
        }
        catch (MediaServerUnavailableException unavailable)
        {
            // Once per wait, not per try: an outage of an hour writes a few lines, not hundreds.
            if (_tries == 0)
            {
                LogNoMediaServer(call.Id, unavailable.Message);
            }
            return false;
        }
        (On, _tries) = (true, 0);
        StopReopening();
        _feeds.Clear();
        await mesh.TellAll(new CallForwarded(call.Id));
        return true;
    }

    /// <summary>
    /// After the call's media server is lost, and then on a timer: another room, or, for a call small
    /// enough, its direct connections again; a larger call keeps its last pictures and tries again later.
    /// </summary>
    private async Task Reopen(string? avoid)
    {
        if (await Open(avoid))
        {
            return;
        }
        if (CallRules.FallsBackToMesh(mesh.Members.Count))
        {
            (On, _tries) = (false, 0);
            _feeds.Clear();
            LogBackToMesh(call.Id, mesh.Members.Count);
            await mesh.TellAll(new MeshResumed(call.Id));
            return;
        }
        if (_tries == 0)
        {
            LogWaiting(call.Id, mesh.Members.Count);
        }
        var wait = CallRules.ReopenAfter(_tries++);
        StopReopening();
        _reopening = call.RegisterGrainTimer(() => Reopen(avoid: null), wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The call's room came back on another silo after its own died, without what it knew of its media
    /// server's room: its media goes through a new room, as after losing the media server.
    /// </summary>
    public Task Resume()
    {
        On = true;
        return Reopen(avoid: null);
    }

    private void StopReopening()
    {
        _reopening?.Dispose();
        _reopening = null;
    }

    /// <summary>
    /// Someone came into a forwarded call: they hear who is talking (the media server says so only
    /// when it changes), and receive everyone publishing already, before they publish themselves.
    /// </summary>
    public async Task Admit(Guid user)
    {
        if (!On)
        {
            return;
        }
        foreach (var talking in _feeds.Values.Where(f => f.Talking).ToList())
        {
            await mesh.Tell(user, new Speaking(call.Id, talking.User, Talking: true));
        }
        await Resubscribe(FeedOf(user));
    }

    /// <summary>A signal from a participant's tab to the media server, once <see cref="CallRules.MayForward"/> allowed it.</summary>
    public Task<CallError> Relay(Guid user, MediaLeg leg, CallSignal signal)
    {
        if (_room is null)
        {
            return Task.FromResult(CallError.MediaServerUnavailable);
        }
        var feed = FeedOf(user);
        return Attempt($"{leg} signal", () => (leg, signal.Description, signal.Candidate) switch
        {
            (MediaLeg.Publish, { } offer, _) => Publish(feed, offer.Sdp!),
            (MediaLeg.Receive, { } answer, _) when feed.Answering => Start(feed, answer.Sdp!),
            (MediaLeg.Receive, { }, _) => throw new JanusException(0, "an answer to no offer"),
            (MediaLeg.Publish, _, { } candidate) => feed.Publisher?.Trickle(candidate) ?? Task.CompletedTask,
            (_, _, { } candidate) => feed.Subscriber?.Trickle(candidate) ?? Task.CompletedTask,
            _ => Task.CompletedTask,
        });
    }

    /// <summary>
    /// The size of <paramref name="of"/>'s video <paramref name="user"/>'s tab asks for, once
    /// <see cref="CallRules.MayReceiveVideo"/> allowed it: kept while the room lasts, and applied to
    /// every offer that carries that video from now on.
    /// </summary>
    public Task<CallError> ReceiveVideo(Guid user, Guid of, VideoQuality quality)
    {
        var feed = FeedOf(user);
        feed.Qualities[of] = quality;
        return Attempt("video size", () => Show(feed));
    }

    /// <summary>
    /// <paramref name="user"/> started or stopped sharing their screen (<see cref="CallRules.MayShareScreen"/>
    /// allowed it): a screen is what everyone came to see, so past the video limit it goes before the speakers.
    /// A tab the media server refuses to reconfigure is logged (<see cref="Attempt"/>): the sharer's own
    /// request succeeded either way.
    public async Task<CallError> ShareScreen(Guid user, bool sharing)
    {
        _sharers.Remove(user);
        if (sharing)
        {
            _sharers.Insert(0, user);
        }
        foreach (var feed in _feeds.Values.ToList())
        {
            await Attempt("screen sharing", () => Show(feed));
        }
        return CallError.None;
    }

    /// <summary>Runs one request to the media server on behalf of a tab; a refusal is the tab's problem, logged, never the room's.</summary>
    private async Task<CallError> Attempt(string what, Func<Task> request)
    {
        try
        {
            await request();
        }
        catch (MediaServerUnavailableException)
        {
            return CallError.MediaServerUnavailable;
        }
        catch (JanusException refused)
        {
            LogRefused(call.Id, what, refused.Message);
            return CallError.InvalidSignal;
        }
        return CallError.None;
    }

    /// <summary>
    /// Tells the media server what each video line of the tab carries: the size the tab asked for, or
    /// nothing for someone past the video limit; then tells the tab whose video it receives, when that
    /// changed. Waits while an offer is out: its answer calls this again.
    /// </summary>
    private async Task Show(Feed feed)
    {
        if (feed.Subscriber is not { } subscriber || feed.Answering)
        {
            return;
        }
        var shown = _sharers.Concat(_speakers).Concat(mesh.Members).Where(user => user != feed.User).Distinct().Take(options.VideoLimit).ToHashSet();
        foreach (var line in feed.Lines.Where(line => line.Kind == "video"))
        {
            int? layer = shown.Contains(line.UserId) ? (int)feed.Qualities.GetValueOrDefault(line.UserId, VideoQuality.High) : null;
            var sent = feed.Layers.TryGetValue(line.Mid, out var known) && known.User == line.UserId ? known.Layer : LargestLayer;
            if (layer != sent)
            {
                await subscriber.Receive(line.Mid, layer);
            }
            feed.Layers[line.Mid] = (line.UserId, layer);
        }
        if (!shown.SetEquals(feed.Shown))
        {
            feed.Shown = shown;
            await mesh.Tell(feed.User, new VideosReceived(call.Id, [.. shown]));
        }
    }

    private async Task Publish(Feed feed, string offer)
    {
        string answer;
        if (feed.Publisher is null)
        {
            var publisher = await _room!.Publish(feed.Id, offer);
            (feed.Publisher, answer) = (publisher.Leg, publisher.AnswerSdp);
        }
        else
        {
            // The media server tells nobody receiving the feed that it changed (a screen shared or stopped).
            answer = await feed.Publisher.Renegotiate(offer);
            foreach (var other in _feeds.Values.Where(f => f.Receiving.Contains(feed.Id)))
            {
                other.Outdated.Add(feed.Id);
            }
        }
        await mesh.Tell(feed.User, new MediaSignalled(call.Id, MediaLeg.Publish, Description("answer", answer), []));
        if (feed.Subscriber is null)
        {
            // A tab that starts over after its connection went down receives everyone again.
            await Resubscribe(feed);
        }
        foreach (var other in _feeds.Values.Where(f => f.Outdated.Count > 0).ToList())
        {
            await Resubscribe(other);
        }
    }

    private async Task Start(Feed feed, string answer)
    {
        await feed.Subscriber!.Start(answer);
        feed.Answering = false;
        await Show(feed);
        await Resubscribe(feed);
    }

    /// <summary>What the media server said about the room.</summary>
    public async Task Heard(MediaEvent news)
    {
        switch (news.Kind)
        {
            case MediaEventKind.Up when _feeds.Values.FirstOrDefault(f => f.Publisher?.Handle == news.Handle) is { } publishing:
                publishing.Up = true;
                foreach (var member in mesh.Members.Where(m => m != publishing.User).ToList())
                {
                    await Resubscribe(FeedOf(member));
                }
                break;
            case MediaEventKind.Talking or MediaEventKind.StoppedTalking when _feeds.Values.FirstOrDefault(f => f.Id == news.Feed) is { } talking:
                talking.Talking = news.Kind == MediaEventKind.Talking;
                await mesh.TellAll(new Speaking(call.Id, talking.User, talking.Talking));
                if (talking.Talking)
                {
                    await Heard(talking.User);
                }
                break;
            case MediaEventKind.Down when _feeds.Values.FirstOrDefault(f => f.Publisher?.Handle == news.Handle || f.Subscriber?.Handle == news.Handle) is { } down:
                // The tab's network to the media server broke, or Janus dropped its connection: nobody
                // receives the dead feed, and the tab starts over as after a move, with a new feed.
                LogConnectionDown(call.Id, down.Publisher?.Handle == news.Handle ? MediaLeg.Publish : MediaLeg.Receive);
                await StartOver(down.User);
                break;
            case MediaEventKind.ServerLost when _room is { } lost:
                LogServerLost(call.Id, lost.Server);
                _room = null;
                // The lost server never says who stopped talking, and the next one only hears who talks there.
                foreach (var talking in _feeds.Values.Where(f => f.Talking).ToList())
                {
                    await mesh.TellAll(new Speaking(call.Id, talking.User, Talking: false));
                }
                _feeds.Clear();
                await lost.DisposeAsync();
                await Reopen(avoid: lost.Server);
                break;
        }
    }

    /// <summary>
    /// <paramref name="user"/>'s browser lost its network path to the media server, which may not
    /// notice for a long while: the tab starts over there, as when the media server hangs it up.
    /// </summary>
    public async Task<CallError> Reconnect(Guid user)
    {
        if (_room is null)
        {
            return CallError.MediaServerUnavailable;
        }
        LogPathLost(call.Id);
        await StartOver(user);
        return CallError.None;
    }

    /// <summary>Nobody receives the tab's feed any more, and the tab publishes again from scratch, with a new feed.</summary>
    private async Task StartOver(Guid user)
    {
        await Drop(user);
        await mesh.Tell(user, new CallForwarded(call.Id));
    }

    /// <summary>Someone spoke: from now their video goes to every tab, if the video limit left it out before.</summary>
    private async Task Heard(Guid speaker)
    {
        _speakers.Remove(speaker);
        _speakers.Insert(0, speaker);
        foreach (var feed in _feeds.Values.ToList())
        {
            await Show(feed);
        }
    }

    /// <summary>Someone left: nobody receives them any more, and their connections with the media server close.</summary>
    public Task Leave(Guid user)
    {
        _speakers.Remove(user);
        _sharers.Remove(user);
        return Drop(user);
    }

    /// <summary>Nobody receives <paramref name="user"/>'s feed any more, and its connections with the media server close.</summary>
    private async Task Drop(Guid user)
    {
        if (!_feeds.Remove(user, out var leaving))
        {
            return;
        }
        foreach (var other in _feeds.Values.ToList())
        {
            other.Qualities.Remove(user);
            await Resubscribe(other);
        }
        await Close(leaving);
    }

    /// <summary>The call ended: the room goes, with every connection in it.</summary>
    public async Task End()
    {
        StopReopening();
        if (_room is { } room)
        {
            _room = null;
            _feeds.Clear();
            await room.DisposeAsync();
        }
    }

    /// <summary>
    /// Brings what <paramref name="feed"/>'s tab receives in line with every other feed that is up, in
    /// one offer; nothing while the tab has not answered the last one (its answer calls this again).
    /// </summary>
    private async Task Resubscribe(Feed feed)
    {
        if (feed.Answering || _room is null)
        {
            return;
        }
        var wanted = _feeds.Values.Where(f => f != feed && f.Up).Select(f => f.Id).ToHashSet();
        MediaOffer? offer;
        if (feed.Subscriber is null)
        {
            if (wanted.Count == 0)
            {
                return;
            }
            var subscriber = await _room.Subscribe(wanted);
            (feed.Subscriber, offer) = (subscriber.Leg, subscriber.Offer);
        }
        else
        {
            var adding = wanted.Except(feed.Receiving).Concat(feed.Outdated.Intersect(wanted)).ToList();
            offer = await feed.Subscriber.Update(adding, feed.Receiving.Except(wanted).ToList());
            feed.Outdated.Clear();
            feed.Receiving = wanted;
            if (offer is null)
            {
                return;
            }
        }
        feed.Receiving = wanted;
        feed.Answering = true;
        var whose = _feeds.Values.ToDictionary(f => f.Id, f => f.User);
        feed.Lines = [.. offer.Streams.Where(line => whose.ContainsKey(line.Feed)).Select(line => new ForwardedLine(line.Mid, whose[line.Feed], line.Kind))];
        await mesh.Tell(feed.User, new MediaSignalled(call.Id, MediaLeg.Receive, Description("offer", offer.Sdp), feed.Lines));
    }

    private Feed FeedOf(Guid user) =>
        _feeds.TryGetValue(user, out var known) ? known : _feeds[user] = new Feed(user, Random.Shared.NextInt64(1, 1L << 53));

    private static async Task Close(Feed feed)
    {
        if (feed.Subscriber is { } subscriber)
        {
            await subscriber.Close();
        }
        if (feed.Publisher is { } publisher)
        {
            await publisher.Close();
        }
    }

    private static CallSignal Description(string type, string sdp) => new(new SessionDescription(type, sdp), null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} has no media server: {Reason}")]
    private partial void LogNoMediaServer(Guid callId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The media server refused a {Request} of call {CallId}: {Reason}")]
    private partial void LogRefused(Guid callId, string request, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} lost its media server {Server}")]
    private partial void LogServerLost(Guid callId, string? server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} of {Participants} goes back to its direct connections: no media server can take it")]
    private partial void LogBackToMesh(Guid callId, int participants);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} of {Participants} is too large for its direct connections: it keeps its last pictures and tries the media servers again until one takes it")]
    private partial void LogWaiting(Guid callId, int participants);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Leg} connection of a tab with the media server of call {CallId} went down; the tab starts over there")]
    private partial void LogConnectionDown(Guid callId, MediaLeg leg);

    [LoggerMessage(Level = LogLevel.Information, Message = "A tab's browser lost its path to the media server of call {CallId}; the tab starts over there")]
    private partial void LogPathLost(Guid callId);

    /// <summary>One participant's media through the room: the feed they publish, and what they receive.</summary>
    private sealed class Feed(Guid user, long id)
    {
        public Guid User { get; } = user;

        /// <summary>The publisher id in the media server's room: random, never shown to a browser.</summary>
        public long Id { get; } = id;

        public IMediaPublisher? Publisher { get; set; }

        /// <summary>The media server has the publisher's connection up: others may receive the feed.</summary>
        public bool Up { get; set; }

        public IMediaSubscriber? Subscriber { get; set; }

        /// <summary>The feeds in the subscriber's last offer.</summary>
        public HashSet<long> Receiving { get; set; } = [];

        /// <summary>Feeds it receives whose publisher renegotiated since: their streams changed.</summary>
        public HashSet<long> Outdated { get; } = [];

        /// <summary>Whose media each line of the last offer carries.</summary>
        public IReadOnlyList<ForwardedLine> Lines { get; set; } = [];

        /// <summary>The size of each person's video the tab asked for; the media server's default is the largest.</summary>
        public Dictionary<Guid, VideoQuality> Qualities { get; } = [];

        /// <summary>What the media server was told to send on each video line, and whose video the line carried then.</summary>
        public Dictionary<string, (Guid User, int? Layer)> Layers { get; } = [];

        /// <summary>Whose video the tab was last told it receives.</summary>
        public HashSet<Guid> Shown { get; set; } = [];

        /// <summary>An offer went to the tab and its answer has not come back.</summary>
        public bool Answering { get; set; }

        /// <summary>The media server last said they are talking.</summary>
        public bool Talking { get; set; }
    }
}
