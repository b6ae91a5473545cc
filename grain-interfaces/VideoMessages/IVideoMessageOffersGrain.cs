namespace Viv.VideoMessages;

/// <summary>Keyed by the caller's user id: the messages they may leave after calls nobody answered, and leaving one.</summary>
[Alias("viv.IVideoMessageOffersGrain")]
public interface IVideoMessageOffersGrain : IGrainWithGuidKey
{
    /// <summary>
    /// A call of mine to <paramref name="recipient"/> went unanswered: an offer, told to the tab that
    /// called (<paramref name="tab"/>), for a while (<c>Viv:VideoMessages:OfferMinutes</c>). None for someone
    /// I do not have as a contact myself.
    /// </summary>
    [Alias("Offer")]
    Task Offer(Guid recipient, Calls.CallKind kind, Calls.CallEnd tab);

    /// <summary>
    /// Leaves a message under an offer: checked (its bytes say what it is; size, length, kind), the
    /// offer used up, and delivered, unless the recipient has blocked or deleted me, which looks the same.
    /// </summary>
    [Alias("Leave")]
    Task<VideoMessageLeft> Leave(Guid offerId, byte[] recording);
}
