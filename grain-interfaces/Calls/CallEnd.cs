using Viv.Realtime;

namespace Viv.Calls;

/// <summary>One end of a call: a user and the one connection (tab) taking part, reached through its web node's relay.</summary>
[GenerateSerializer, Immutable, Alias("viv.call-end")]
public sealed record CallEnd(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string ConnectionId,
    [property: Id(2)] IClientRelay Relay);
