using Viv.Accounts;
using Viv.Realtime;

namespace Viv.Contacts;

/// <summary>
/// Someone on my contact list as I may see them: my side of the pair, and their presence only
/// when we are contacts on both sides (otherwise Offline, exactly as if they were).
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.contact")]
public sealed record Contact(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] ContactStatus Relationship,
    [property: Id(2)] PresenceState Presence);
