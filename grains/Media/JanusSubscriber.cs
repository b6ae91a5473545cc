using System.Text.Json.Nodes;

namespace Viv.Media;

/// <summary>
/// One tab's PeerConnection receiving the feeds it subscribed to (Janus's multistream subscriber).
/// Janus offers and the tab answers; an update before the tab answered Janus's last offer would
/// make Janus postpone its offer until that answer, so it is refused here instead.
/// </summary>
internal sealed class JanusSubscriber(JanusRoom room, long handle) : JanusLeg(room, handle, 0), IMediaSubscriber
{
    private volatile bool _answered;
    private IReadOnlyList<Line> _lines = [];

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

    public Task Receive(string mid, int? substream) =>
        Room.Session.Message(Handle, new JsonObject
        {
            ["request"] = "configure",
            ["streams"] = new JsonArray(substream is { } layer
                ? new JsonObject { ["mid"] = mid, ["send"] = true, ["substream"] = layer }
                : new JsonObject { ["mid"] = mid, ["send"] = false }),
        });

    /// <summary>Janus's offer and its streams (<c>attached</c> or <c>updated</c>); lines that carry nothing any more are left out.</summary>
    public MediaOffer Offered(JanusReply reply)
    {
        var sdp = reply.Sdp ?? throw new JanusException(0, $"Janus said {reply.Data["videoroom"]} without an offer");
        _lines = [.. (reply.Data["streams"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(s => (bool?)s["active"] != false)
            .Select(s => new Line((string)s["mid"]!, (long?)s["feed_id"] ?? 0, (string?)s["feed_mid"], (string)s["type"]!))];
        _answered = false;
        return new MediaOffer(sdp, [.. _lines.Select(line => new MediaLine(line.Mid, line.Feed, line.Kind))]);
    }

    public static JsonArray Feeds(IEnumerable<long> feeds) => [.. feeds.Select(feed => new JsonObject { ["feed"] = feed })];

    /// <summary>A media line as Janus describes it: which of the feed's own streams (its mid there) it carries.</summary>
    private sealed record Line(string Mid, long Feed, string? FeedMid, string Kind);
}
