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
        JsonSerializer.Serialize(new { type = "incomingCall", callId, kind = KindWord(kind), caller = PushPeople.Shown(caller), ringsForSeconds = (int)ringing.TotalSeconds }),
        (int)(ringing + TimeSpan.FromSeconds(10)).TotalSeconds,
        Urgent: true,
        Topic: Topic(callId));

    /// <summary>How long a closing push is worth delivering: longer than the ringing one it replaces.</summary>
    public static readonly TimeSpan ClosingLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The ringing stopped because it was answered on another device or declined: under the call's topic,
    /// so at a push service it replaces a ringing push not yet delivered, and on a device it closes the
    /// notification.
    /// </summary>
    public static PushNotice Closed(Guid callId, string outcome) => new(
        JsonSerializer.Serialize(new { type = "callClosed", callId, outcome }),
        (int)ClosingLifetime.TotalSeconds,
        Urgent: true,
        Topic: Topic(callId));

    /// <summary>
    /// Nobody answered (a call that stopped ringing because of a block reads the same): like
    /// <see cref="Closed"/>, and the device puts a missed call from the caller in its place, which keeps
    /// for a day at the push service of a device that is off.
    /// </summary>
    public static PushNotice Missed(Guid callId, UserProfile caller, CallKind kind) => new(
        JsonSerializer.Serialize(new { type = "callClosed", callId, outcome = "missed", kind = KindWord(kind), caller = PushPeople.Shown(caller) }),
        (int)TimeSpan.FromDays(1).TotalSeconds,
        Urgent: true,
        Topic: Topic(callId));

    private static string KindWord(CallKind kind) => kind == CallKind.Video ? "video" : "voice";

    private static string Topic(Guid callId) => callId.ToString("N");
}
