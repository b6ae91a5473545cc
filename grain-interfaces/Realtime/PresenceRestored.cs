namespace Viv.Realtime;

/// <summary>
/// The server lost what it knew of this connection and has just learnt it again: the presence grain that
/// routes events to it was lost with a silo (or its lease ran out) and this web node's renewal rebuilt it.
/// Events sent meanwhile reached nobody, and the presence no longer says its person is in a call. The
/// client takes a new snapshot of its contacts (<c>Contacts()</c>), and a tab in a call rejoins it
/// (<c>Rejoin(callId)</c>), which brings a call room lost with the silo back too.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.presence-restored")]
public sealed record PresenceRestored : ClientEvent
{
    public override string Method => "presenceRestored";
}
