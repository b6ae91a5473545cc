using Viv.Realtime;

namespace Viv.Calls;

/// <summary>
/// What of a connected call outlives the silo holding its room, so the room comes back on another silo
/// for the next thing anyone in the call does: its phase, who is in it from which tab, their identity
/// keys, what their records will say, and whether its media went through a media server. Ringing is not
/// kept: an invitation lost with a silo ends on the inviter's screen as unanswered. Written when someone
/// comes in, rejoins, announces a key or leaves (never per signal), and deleted when the call ends.
/// </summary>
[GenerateSerializer, Alias("viv.call-room-state")]
public sealed class CallRoomState
{
    [Id(0)] public CallPhase Phase { get; set; } = CallPhase.New;

    /// <summary>A meeting's call: open while anyone is in it.</summary>
    [Id(1)] public bool Open { get; set; }

    [Id(2)] public List<KeptParticipant> Participants { get; set; } = [];

    /// <summary>Each participant's identity public key, as announced.</summary>
    [Id(3)] public Dictionary<Guid, string> Identities { get; set; } = [];

    [Id(4)] public KeptRecord Record { get; set; } = new(default, default, default, [], []);

    [Id(5)] public bool Forwarded { get; set; }
}

/// <summary>A participant as kept: the tab taking part, and when the call was connected for them.</summary>
[GenerateSerializer, Alias("viv.kept-participant")]
public sealed record KeptParticipant([property: Id(0)] CallEnd End, [property: Id(1)] DateTimeOffset? ConnectedAt);

/// <summary>What the call's records will say of it: who started it, what kind, when, who joined and who was rung.</summary>
[GenerateSerializer, Alias("viv.kept-record")]
public sealed record KeptRecord(
    [property: Id(0)] Guid Caller,
    [property: Id(1)] CallKind Kind,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] List<Guid> Joined,
    [property: Id(4)] List<Guid> Rung);
