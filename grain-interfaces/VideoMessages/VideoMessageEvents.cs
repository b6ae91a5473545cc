using Viv.Accounts;
using Viv.Calls;
using Viv.Realtime;

namespace Viv.VideoMessages;

/// <summary>
/// To the tab that placed a call nobody answered (or that could not ring): it may leave a message. The
/// same whether the other person was offline, busy, declined or blocked the caller.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.video-message-offered")]
public sealed record VideoMessageOffered(
    [property: Id(0)] Guid OfferId,
    [property: Id(1)] UserProfile Recipient,
    [property: Id(2)] CallKind Kind,
    [property: Id(3)] DateTimeOffset ExpiresAt) : ClientEvent
{
    public override string Method => "videoMessageOffered";
}

/// <summary>To every page of the recipient: a message came in (or one was played, deleted or expired); how many are unplayed.</summary>
[GenerateSerializer, Immutable, Alias("viv.video-messages-changed")]
public sealed record VideoMessagesChanged([property: Id(0)] int Unseen) : ClientEvent
{
    public override string Method => "videoMessagesChanged";
}
