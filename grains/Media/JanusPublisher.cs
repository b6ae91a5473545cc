using System.Text.Json.Nodes;

namespace Viv.Media;

/// <summary>A tab's camera and microphone (and screen, when shared) going into the room as one feed.</summary>
internal sealed class JanusPublisher(JanusRoom room, long handle, long feed) : JanusLeg(room, handle, feed), IMediaPublisher
{
    /// <summary>The mids of the streams it sends now, as Janus took them from its last offer.</summary>
    public IReadOnlySet<string> Streams { get; private set; } = new HashSet<string>();

    public Task<string> Renegotiate(string offerSdp) => Configure("configure", offerSdp);

    /// <summary>
    /// <c>publish</c> the first offer, <c>configure</c> each later one; Janus answers with the event
    /// <c>configured</c>, its streams (a dropped one <c>disabled</c>) and its answer.
    /// </summary>
    public async Task<string> Configure(string request, string offerSdp)
    {
        var offer = EndToEndEncrypted("offer", offerSdp);
        // The pages list the simulcast sizes smallest first (forwarding.js); Janus assumes largest first unless told.
        offer["rid_order"] = "lmh";
        var reply = await Room.Session.Message(Handle, new JsonObject { ["request"] = request }, offer);
        Streams = (reply.Data["streams"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(s => (bool?)s["disabled"] != true)
            .Select(s => (string)s["mid"]!)
            .ToHashSet();
        return reply.Sdp ?? throw new JanusException(0, $"Janus answered {request} without a session description");
    }
}
