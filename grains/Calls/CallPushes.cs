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
}
