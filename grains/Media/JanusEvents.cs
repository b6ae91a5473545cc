using System.Text.Json.Nodes;

namespace Viv.Media;

/// <summary>Which of Janus's messages about a handle a call room hears, and as what.</summary>
internal static class JanusEvents
{
    /// <summary>
    /// The kind of event <paramref name="message"/> is for the handle of <paramref name="feed"/> (0 for
    /// a subscriber), or null for what the room does not need (<c>media</c>, <c>slowlink</c>, other
    /// publishers joining and leaving). Janus sends a feed's <c>talking</c> to every publisher handle
    /// of the room, the speaker's own included; only that one counts, so each change arrives once.
    /// </summary>
    public static MediaEventKind? Kind(JsonObject message, long feed) => (string?)message["janus"] switch
    {
        "webrtcup" => MediaEventKind.Up,
        "hangup" or "detached" => MediaEventKind.Down,
        "event" when feed != 0 && message["plugindata"]?["data"] is JsonObject data && (long?)data["id"] == feed => (string?)data["videoroom"] switch
        {
            "talking" => MediaEventKind.Talking,
            "stopped-talking" => MediaEventKind.StoppedTalking,
            _ => null,
        },
        _ => null,
    };
}
