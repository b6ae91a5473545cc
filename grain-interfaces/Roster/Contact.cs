using Viv.Accounts;

namespace Viv.Roster;

/// <summary>
/// Someone on my roster as I may see them: my side of the relationship, and their presence only
/// when we are contacts on both sides (otherwise Offline, exactly as if they were).
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.contact")]
public sealed record Contact(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] Relationship Relationship,
    [property: Id(2)] PresenceState Presence);
