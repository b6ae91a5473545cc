namespace Viv.Realtime;

public enum Presence
{
    Offline,
    Online,
    Mobile,
    InCall,
}

/// <summary>A user's presence and when it last changed; <see cref="Since"/> orders snapshots against deltas.</summary>
[GenerateSerializer, Immutable, Alias("viv.presence-state")]
public sealed record PresenceState(
    [property: Id(0)] Presence Presence,
    [property: Id(1)] DateTimeOffset Since)
{
    public static readonly PresenceState Unknown = new(Presence.Offline, DateTimeOffset.MinValue);
}

/// <summary>
/// A user's presence as their presence grain read it, and <see cref="AsOf"/>: the grain's time of the
/// reading, later than every change of presence it stamped before and earlier than every one after.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.presence-reading")]
public sealed record PresenceReading(
    [property: Id(0)] PresenceState Presence,
    [property: Id(1)] DateTimeOffset AsOf);
