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

    public async Task Start(string answerSdp)
    {
        await Room.Session.Message(Handle, new JsonObject { ["request"] = "start" }, "answer", answerSdp);
        _answered = true;
    }

    public async Task<MediaOffer?> Update(IReadOnlyCollection<long> subscribe, IReadOnlyCollection<long> unsubscribe)
    {
        if (!_answered)
        {
            throw new InvalidOperationException("The subscriber has not answered Janus's last offer yet: Start it first.");
        }
        if (subscribe.Count == 0 && unsubscribe.Count == 0)
        {
            return null;
        }
        var body = new JsonObject { ["request"] = "update" };
        if (subscribe.Count > 0)
        {
            body["subscribe"] = Feeds(subscribe);
        }
        if (unsubscribe.Count > 0)
        {
            body["unsubscribe"] = Feeds(unsubscribe);
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
        _answered = false;
        var sdp = reply.Sdp ?? throw new JanusException(0, $"Janus said {reply.Data["videoroom"]} without an offer");
        var lines = (reply.Data["streams"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(s => (bool?)s["active"] != false)
            .Select(s => new MediaLine((string)s["mid"]!, (long?)s["feed_id"] ?? 0, (string)s["type"]!))
            .ToList();
        return new MediaOffer(sdp, lines);
    }

    public static JsonArray Feeds(IEnumerable<long> feeds) => [.. feeds.Select(feed => new JsonObject { ["feed"] = feed })];
}
