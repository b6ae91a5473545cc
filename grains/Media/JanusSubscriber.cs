using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Viv.Media;

/// <summary>
/// One tab's PeerConnection receiving the feeds it subscribed to (Janus's multistream subscriber).
/// Janus offers and the tab answers; an update before the tab answered Janus's last offer would
/// make Janus postpone its offer until that answer, so it is refused here instead.
/// </summary>
internal sealed class JanusSubscriber(JanusRoom room, long handle) : JanusLeg(room, handle, 0), IMediaSubscriber
{
    /// <summary>
    /// How long a video line may go on being relayed at another size than the one asked for before it is
    /// asked for again; twice as long each time it still is, up to eight times. Janus drops a line to the
    /// next smaller size when the asked one pauses for 250 ms (a sender short of CPU or bandwidth) and
    /// goes back up only on a keyframe of that size, which a sender makes only when asked: a line could stay
    /// small for the rest of the call. Asking again makes Janus ask the sender for one.
    /// </summary>
    public static readonly TimeSpan SizeRecheck = TimeSpan.FromSeconds(2);

    private volatile bool _answered;
    private IReadOnlyList<Line> _lines = [];
    private readonly Lock _sizes = new();
    private readonly Dictionary<string, int> _asked = [];
    private readonly Dictionary<string, int> _relayed = [];
    private ITimer? _recheck;
    private bool _rechecking;
    private bool _detached;
    private TimeSpan _wait = SizeRecheck;

    public async Task Start(string answerSdp)
    {
        await Room.Session.Message(Handle, new JsonObject { ["request"] = "start" }, EndToEndEncrypted("answer", answerSdp));
        _answered = true;
    }

    /// <summary>
    /// A feed it does not have is subscribed whole. A feed it has is brought up to date with what its
    /// publisher sends now (a screen shared or stopped since): subscribing a whole feed again would
    /// give it a second copy of every stream.
    /// </summary>
    public async Task<MediaOffer?> Update(IReadOnlyCollection<long> subscribe, IReadOnlyCollection<long> unsubscribe)
    {
        if (!_answered)
        {
            throw new InvalidOperationException("The subscriber has not answered Janus's last offer yet: Start it first.");
        }
        var added = new JsonArray();
        var removed = new JsonArray();
        foreach (var feed in subscribe)
        {
            var had = _lines.Where(line => line.Feed == feed).Select(line => line.FeedMid).ToHashSet();
            if (had.Count == 0)
            {
                added.Add(new JsonObject { ["feed"] = feed });
            }
            else if (Room.Streams(feed) is { } sent)
            {
                foreach (var mid in sent.Except(had))
                {
                    added.Add(new JsonObject { ["feed"] = feed, ["mid"] = mid });
                }
                foreach (var mid in had.Except(sent))
                {
                    removed.Add(new JsonObject { ["feed"] = feed, ["mid"] = mid });
                }
            }
        }
        foreach (var feed in unsubscribe)
        {
            removed.Add(new JsonObject { ["feed"] = feed });
        }
        if (added.Count == 0 && removed.Count == 0)
        {
            return null;
        }
        var body = new JsonObject { ["request"] = "update" };
        if (added.Count > 0)
        {
            body["subscribe"] = added;
        }
        if (removed.Count > 0)
        {
            body["unsubscribe"] = removed;
        }
        // Without a change to the session (only feeds it did not have), Janus says "updated" and offers nothing.
        var reply = await Room.Session.Message(Handle, body);
        return reply.Sdp is null ? null : Offered(reply);
    }

    public Task Receive(string mid, int? substream)
    {
        lock (_sizes)
        {
            if (substream is { } layer)
            {
                _asked[mid] = layer;
                RecheckIfOff(mid);
            }
            else
            {
                _asked.Remove(mid);
                _relayed.Remove(mid);
            }
        }
        return Configure(new JsonArray(substream is { } asked
            ? new JsonObject { ["mid"] = mid, ["send"] = true, ["substream"] = asked }
            : new JsonObject { ["mid"] = mid, ["send"] = false }));
    }

    /// <summary>Janus says which size (substream) a line relays each time that changes.</summary>
    internal override void Heard(JsonObject message)
    {
        if (message["plugindata"]?["data"] is JsonObject { } data && (string?)data["videoroom"] == "event"
            && (string?)data["mid"] is { } mid && (int?)data["substream"] is { } relayed)
        {
            lock (_sizes)
            {
                _relayed[mid] = relayed;
                RecheckIfOff(mid);
            }
        }
    }

    internal override void Detached()
    {
        lock (_sizes)
        {
            _detached = true;
            _recheck?.Dispose();
        }
    }

    private Task<JanusReply> Configure(JsonArray streams) => Room.Session.Message(Handle, new JsonObject { ["request"] = "configure", ["streams"] = streams });

    private void RecheckIfOff(string mid)
    {
        if (_relayed.TryGetValue(mid, out var relayed) && _asked.TryGetValue(mid, out var asked) && relayed != asked && !_rechecking)
        {
            Recheck();
        }
    }

    private void Recheck()
    {
        if (_detached)
        {
            return;
        }
        _rechecking = true;
        _recheck ??= TimeProvider.System.CreateTimer(_ => _ = AskAgain(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _recheck.Change(_wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Asks again for every line relayed at another size than asked, unless an offer is out (its lines may change).</summary>
    private async Task AskAgain()
    {
        JsonArray streams;
        lock (_sizes)
        {
            _rechecking = false;
            var off = _asked.Where(line => _relayed.TryGetValue(line.Key, out var relayed) && relayed != line.Value).ToList();
            if (off.Count == 0)
            {
                _wait = SizeRecheck;
                return;
            }
            if (!_answered)
            {
                Recheck();
                return;
            }
            _wait = TimeSpan.FromTicks(Math.Min(_wait.Ticks * 2, SizeRecheck.Ticks * 8));
            Recheck();
            streams = [.. off.Select(line => new JsonObject { ["mid"] = line.Key, ["send"] = true, ["substream"] = line.Value })];
            if (Room.Logger.IsEnabled(LogLevel.Information))
            {
                var lines = string.Join(", ", off.Select(line => $"mid {line.Key} at substream {_relayed[line.Key]} for {line.Value}"));
                MediaLog.SizeAskedAgain(Room.Logger, Room.Server, Room.Id, Handle, lines);
            }
        }
        try
        {
            await Configure(streams);
        }
        catch (Exception e) when (e is JanusException or MediaServerUnavailableException)
        {
            // The leg or its server is going away; whatever comes next asks again.
        }
    }

    /// <summary>Janus's offer and its streams (<c>attached</c> or <c>updated</c>); lines that carry nothing any more are left out.</summary>
    public MediaOffer Offered(JanusReply reply)
    {
        var sdp = reply.Sdp ?? throw new JanusException(0, $"Janus said {reply.Data["videoroom"]} without an offer");
        var before = _lines;
        _lines = [.. (reply.Data["streams"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(s => (bool?)s["active"] != false)
            .Select(s => new Line((string)s["mid"]!, (long?)s["feed_id"] ?? 0, (string?)s["feed_mid"], (string)s["type"]!))];
        _answered = false;
        // A line that now carries another feed, or nothing, starts over at Janus's largest size.
        lock (_sizes)
        {
            foreach (var gone in before.Except(_lines).Select(line => line.Mid))
            {
                _asked.Remove(gone);
                _relayed.Remove(gone);
            }
        }
        return new MediaOffer(sdp, [.. _lines.Select(line => new MediaLine(line.Mid, line.Feed, line.Kind))]);
    }

    public static JsonArray Feeds(IEnumerable<long> feeds) => [.. feeds.Select(feed => new JsonObject { ["feed"] = feed })];

    /// <summary>A media line as Janus describes it: which of the feed's own streams (its mid there) it carries.</summary>
    private sealed record Line(string Mid, long Feed, string? FeedMid, string Kind);
}
