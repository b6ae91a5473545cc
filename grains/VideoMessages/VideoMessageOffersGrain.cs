using Viv.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Calls;
using Viv.Contacts;
using Viv.Hosting;

namespace Viv.VideoMessages;

[GenerateSerializer, Alias("viv.video-message-offers-state")]
public sealed class VideoMessageOffersState
{
    [Id(0)] public List<VideoMessageOffer> Offers { get; set; } = [];

    /// <summary>When each message of the last hour was left: the sender's budget.</summary>
    [Id(1)] public List<DateTimeOffset> Left { get; set; } = [];
}

public sealed class VideoMessageOffersGrain(
    [PersistentState("video-message-offers")] IPersistentState<VideoMessageOffersState> state,
    IOptions<VideoMessageOptions> options,
    IVideoMessageFiles files,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IVideoMessageOffersGrain
{
    private Guid Me => this.GetPrimaryKey();

    private VideoMessageOffersState State => state.State;

    public async Task Offer(Guid recipient, CallKind kind, CallEnd tab)
    {
        if (!await GrainFactory.GetGrain<IContactListGrain>(Me).Accepts(recipient))
        {
            return;
        }
        var now = clock.GetUtcNow();
        State.Offers.RemoveAll(o => o.ExpiresAt <= now);
        var offer = new VideoMessageOffer(Guid.NewGuid(), recipient, kind, now.AddMinutes(options.Value.OfferMinutes));
        State.Offers.Add(offer);
        await state.WriteStateAsync();
        var profile = await GrainFactory.GetGrain<Accounts.IUserGrain>(recipient).GetProfile();
        await tab.Relay.Deliver([tab.ConnectionId], new VideoMessageOffered(offer.OfferId, profile!, kind, offer.ExpiresAt));
    }

    public async Task<VideoMessageLeft> Leave(Guid offerId, byte[] recording)
    {
        var now = clock.GetUtcNow();
        State.Left.RemoveAll(at => at <= now.AddHours(-1));
        if (State.Offers.Find(o => o.OfferId == offerId && o.ExpiresAt > now) is not { } offer)
        {
            return new VideoMessageLeft(VideoMessageError.NoOffer);
        }
        if (State.Left.Count >= options.Value.PerHour)
        {
            VivMetrics.BudgetRefused("video_messages");
            return new VideoMessageLeft(VideoMessageError.TooMany);
        }
        if (VideoMessageRules.Check(recording, offer.Kind, out var facts) is not VideoMessageError.None and var refused)
        {
            return new VideoMessageLeft(refused);
        }
        State.Offers.Remove(offer);
        State.Left.Add(now);
        await state.WriteStateAsync();
        var id = Guid.NewGuid();
        // A recipient who blocked or deleted me gets nothing, and I am answered exactly as if they had.
        if (await GrainFactory.GetGrain<IContactListGrain>(offer.Recipient).Accepts(Me))
        {
            var key = SealedFile.NewKey();
            await files.Put(id, SealedFile.Seal(id, key, facts!.Content));
            await GrainFactory.GetGrain<IVideoMessageBoxGrain>(offer.Recipient)
                .Receive(new VideoMessageEntry(id, Me, offer.Kind, now, facts.Duration, facts.Content.Length, facts.ContentType, key));
        }
        return new VideoMessageLeft(VideoMessageError.None, id);
    }
}
