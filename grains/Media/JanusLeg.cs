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

    /// <summary>Whether the room reports this event: Janus says both <c>hangup</c> and <c>detached</c> for one PeerConnection going away.</summary>
    public bool Reports(MediaEventKind kind) => kind != MediaEventKind.Down || Interlocked.Exchange(ref _down, 1) == 0;
}
