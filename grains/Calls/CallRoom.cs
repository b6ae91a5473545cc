namespace Viv.Calls;

/// <summary>
/// Where a call is in its life. Ringing: only whoever started it is in, and nobody has answered yet.
/// Connected: two or more are in, or a meeting's call was entered.
/// </summary>
public enum CallPhase
{
    New,
    Ringing,
    Connected,
    Ended,
}

/// <summary>
/// What the rules see of a call room: its phase; whether it is a meeting's call (entered, never rung,
/// and open while anyone is in it); who is in it; who is being rung into it; how many it holds; whether
/// its media goes through a media server.
/// </summary>
public sealed record CallRoom(CallPhase Phase, bool Open, IReadOnlyCollection<Guid> Participants, IReadOnlyCollection<Guid> Ringing, int Capacity, bool Forwarded = false)
{
    /// <summary>Nothing can be done in a call that has not started or has ended.</summary>
    public bool Over => Phase is CallPhase.New or CallPhase.Ended;
}

/// <summary>
/// What the rules see of someone to be rung: a contact of the inviter both ways or not, reachable or not
/// (online, or with a device to ring through push while Viv is closed), and everyone they blocked or who
/// blocked them.
/// </summary>
public sealed record Reach(bool MutualContact, bool Reachable, IReadOnlyCollection<Guid> BlockedEitherWay);
