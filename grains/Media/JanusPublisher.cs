using System.Text.Json.Nodes;

namespace Viv.Media;

/// <summary>A tab's camera and microphone (and screen, when shared) going into the room as one feed.</summary>
internal sealed class JanusPublisher(JanusRoom room, long handle, long feed) : JanusLeg(room, handle, feed), IMediaPublisher
{
    public Task<string> Renegotiate(string offerSdp) => Configure("configure", offerSdp);

    /// <summary><c>publish</c> the first offer, <c>configure</c> each later one; Janus answers with the event <c>configured</c>.</summary>
    public async Task<string> Configure(string request, string offerSdp)
    {
        var reply = await Room.Session.Message(Handle, new JsonObject { ["request"] = request }, "offer", offerSdp);
        return reply.Sdp ?? throw new JanusException(0, $"Janus answered {request} without a session description");
    }
}
