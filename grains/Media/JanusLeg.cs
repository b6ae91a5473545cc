using System.Text.Json.Nodes;

namespace Viv.Media;

/// <summary>A handle of a room, publisher or subscriber: what both do with Janus.</summary>
internal abstract class JanusLeg(JanusRoom room, long handle, long feed) : IMediaLeg
{
    private int _down;

    public long Handle => handle;

    /// <summary>The feed a publisher publishes; 0 for a subscriber.</summary>
    public long Feed => feed;

    protected JanusRoom Room => room;

    public Task Trickle(Calls.IceCandidate candidate) => room.Session.Trickle(handle, candidate);

    public Task Close() => room.Close(this);

    /// <summary>
    /// A session description of media encrypted end to end (SFrame, in the tabs): every room requires
    /// it (<c>require_e2ee</c>), and Janus refuses a publisher's offer that does not say so. Janus 1.1.2
    /// asks nothing of subscribers; their answers say it too, which marks their handles so in its admin
    /// API. Janus only takes the tab's word for it: it forwards the frames as they come, encrypted or not.
    /// </summary>
    protected static JsonObject EndToEndEncrypted(string type, string sdp) => new() { ["type"] = type, ["sdp"] = sdp, ["e2ee"] = true };

    /// <summary>Every message Janus sends about this handle, as it arrives: it must not block Janus's read loop.</summary>
    internal virtual void Heard(JsonObject message)
    {
    }

    /// <summary>The handle is gone from Janus, or its server is.</summary>
    internal virtual void Detached()
    {
    }

    /// <summary>Whether the room reports this event: Janus says both <c>hangup</c> and <c>detached</c> for one PeerConnection going away.</summary>
    public bool Reports(MediaEventKind kind) => kind != MediaEventKind.Down || Interlocked.Exchange(ref _down, 1) == 0;
}
