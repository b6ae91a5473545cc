using System.Text.Json;
using Viv.Accounts;
using Viv.Push;

namespace Viv.Calls;

/// <summary>What a call pushes to the devices of someone it rings, for their service worker (<c>sw.js</c>) to show.</summary>
internal static class CallPushes
{
    /// <summary>
    /// A push that arrives late is worth little: it lives a little longer than the ringing (the worker
    /// drops one whose call is over), and the call's id is its topic, so a later push about the call
    /// replaces it at the push service. Only the caller's name and picture: nothing else of the call.
    /// </summary>
    public static PushNotice Incoming(Guid callId, UserProfile caller, CallKind kind, TimeSpan ringing) => new(
        JsonSerializer.Serialize(new
        {
            type = "incomingCall",
            callId,
            kind = kind == CallKind.Video ? "video" : "voice",
            caller = new { id = caller.Id, fullName = caller.FullName, picture = caller.PictureVersion is { } version ? $"/users/{caller.Id}/picture?v={version}" : null },
        }),
        (int)(ringing + TimeSpan.FromSeconds(10)).TotalSeconds,
        Urgent: true,
        Topic: callId.ToString("N"));

    /// <summary>How long a closing push is worth delivering: longer than the ringing one it replaces.</summary>
    public static readonly TimeSpan ClosingLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The ringing stopped (<paramref name="outcome"/>: missed, rejected, answeredElsewhere): under the
    /// call's topic, so at a push service it replaces a ringing push not yet delivered, and on a device it
    /// closes the notification. A call that stopped ringing because of a block reads as missed.
    /// </summary>
    public static PushNotice Closed(Guid callId, string outcome) => new(
        JsonSerializer.Serialize(new { type = "callClosed", callId, outcome }),
        (int)ClosingLifetime.TotalSeconds,
        Urgent: true,
        Topic: callId.ToString("N"));
}
