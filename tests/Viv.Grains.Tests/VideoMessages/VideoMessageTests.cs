using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Viv.Calls;
using Viv.Contacts;
using Viv.Testing;
using Viv.VideoMessages;

namespace Viv.Grains.Tests.VideoMessages;

/// <summary>
/// Leaving a message after a call nobody answered: the offer, the checks, who gets it (and who silently
/// does not), the box with its quota, expiry and encryption at rest.
/// </summary>
public sealed class VideoMessageTests(ClusterFixture fixture)
{
    private static readonly byte[] FiveSeconds = Recordings.Webm(5);

    private string FileOf(Guid id) => Path.Combine(fixture.DataDirectory, "video-messages", id.ToString("N"));

    /// <summary>A caller with a tab open and a contact whose Viv is closed, with no device: a call to them cannot ring.</summary>
    private async Task<(Member Caller, Member Callee)> CallerAndClosedCallee()
    {
        var (caller, callee) = (await Member.Register(fixture.Client, "Leaves A Message"), await Member.Register(fixture.Client, "Gets A Message"));
        await caller.BecomeContacts(callee);
        await caller.Connect();
        return (caller, callee);
    }

    /// <summary>The caller calls; nobody can answer; the calling tab is offered a message.</summary>
    private async Task<VideoMessageOffered> CallInVain(Member caller, Member callee, CallKind kind = CallKind.Video)
    {
        var before = caller.Relay.ReceivedBy(caller.ConnectionId).OfType<VideoMessageOffered>().Count();
        (await fixture.Client.GetGrain<ICallRoomGrain>(Guid.NewGuid()).Start(caller.End(), callee.Id, kind)).Should().Be(CallError.Unavailable);
        await Eventually.True(() => Task.FromResult(caller.Relay.ReceivedBy(caller.ConnectionId).OfType<VideoMessageOffered>().Count() > before), "waiting for the offer");
        return caller.Relay.ReceivedBy(caller.ConnectionId).OfType<VideoMessageOffered>().Last();
    }

    private IVideoMessageOffersGrain OffersOf(Member member) => fixture.Client.GetGrain<IVideoMessageOffersGrain>(member.Id);

    private IVideoMessageBoxGrain BoxOf(Member member) => fixture.Client.GetGrain<IVideoMessageBoxGrain>(member.Id);

    [Fact]
    public async Task A_message_left_after_a_call_nobody_answered_reaches_the_box_encrypted_at_rest_and_plays_once_opened()
    {
        var (caller, callee) = await CallerAndClosedCallee();
        await callee.Connect();
        await callee.Disconnect();
        var offer = await CallInVain(caller, callee);

        var left = await OffersOf(caller).Leave(offer.OfferId, FiveSeconds);

        (offer.Recipient.Id, offer.Kind).Should().Be((callee.Id, CallKind.Video));
        left.Error.Should().Be(VideoMessageError.None);
        var listed = (await BoxOf(callee).List()).Should().ContainSingle().Subject;
        (listed.Id, listed.From.Id, listed.Kind, listed.Duration, listed.Seen).Should().Be((left.Id, caller.Id, CallKind.Video, TimeSpan.FromSeconds(5), false));
        listed.ExpiresAt.Should().Be(listed.LeftAt.AddDays(30));
        (await BoxOf(callee).GetUnseenCount()).Should().Be(1);
        var stored = await File.ReadAllBytesAsync(FileOf(left.Id));
        stored.AsSpan().IndexOf(FiveSeconds.AsSpan(0, 32)).Should().Be(-1, "the file at rest is not the recording");
        stored.AsSpan().IndexOf("V_VP8"u8).Should().Be(-1);

        var opened = await BoxOf(callee).Open(left.Id);

        opened!.ContentType.Should().Be("video/webm");
        MediaFile.Read(opened.Content)!.Duration.Should().Be(TimeSpan.FromSeconds(5));
        (await BoxOf(callee).GetUnseenCount()).Should().Be(0, "played");
        (await OffersOf(caller).Leave(offer.OfferId, FiveSeconds)).Error.Should().Be(VideoMessageError.NoOffer, "an offer leaves one message");
    }

    [Fact]
    public async Task A_call_that_rang_out_offers_a_message_to_the_tab_that_called_and_the_callee_hears_of_the_message()
    {
        var (caller, callee) = await CallerAndClosedCallee();
        await callee.Connect();
        var room = fixture.Client.GetGrain<ICallRoomGrain>(Guid.NewGuid());
        (await room.Start(caller.End(), callee.Id, CallKind.Voice)).Should().Be(CallError.None);

        fixture.Clock.Advance(TimeSpan.FromSeconds(3));
        var offer = await caller.Relay.WaitFor<VideoMessageOffered>(caller.ConnectionId, _ => true);
        var ended = await caller.Relay.WaitFor<CallEnded>(caller.ConnectionId, _ => true);
        var left = await OffersOf(caller).Leave(offer.OfferId, Recordings.Webm(2, video: false));

        ended.Outcome.Should().Be(CallOutcome.Missed);
        (offer.Recipient.Id, offer.Kind).Should().Be((callee.Id, CallKind.Voice));
        left.Error.Should().Be(VideoMessageError.None);
        (await callee.Relay.WaitFor<VideoMessagesChanged>(callee.ConnectionId, c => c.Unseen == 1)).Unseen.Should().Be(1);
        (await BoxOf(callee).List()).Single().Kind.Should().Be(CallKind.Voice);
    }

    [Fact]
    public async Task A_blocked_caller_is_offered_and_answered_exactly_as_for_someone_offline_and_nothing_is_kept()
    {
        var (caller, blocker) = await CallerAndClosedCallee();
        var (_, offline) = (caller, await Member.Register(fixture.Client, "Just Offline"));
        await caller.BecomeContacts(offline);
        await blocker.Do(ContactAction.Block, caller);

        var toBlocker = await CallInVain(caller, blocker);
        var toOffline = await CallInVain(caller, offline);
        var leftForBlocker = await OffersOf(caller).Leave(toBlocker.OfferId, FiveSeconds);
        var leftForOffline = await OffersOf(caller).Leave(toOffline.OfferId, FiveSeconds);

        (toBlocker.Kind, toBlocker.ExpiresAt - fixture.Clock.GetUtcNow()).Should().Be((toOffline.Kind, toOffline.ExpiresAt - fixture.Clock.GetUtcNow()));
        (leftForBlocker.Error, leftForOffline.Error).Should().Be((VideoMessageError.None, VideoMessageError.None));
        leftForBlocker.Id.Should().NotBeEmpty("an id like any other");
        (await BoxOf(blocker).List()).Should().BeEmpty();
        File.Exists(FileOf(leftForBlocker.Id)).Should().BeFalse("nothing of it is stored");
        (await BoxOf(offline).List()).Should().ContainSingle();
    }

    [Fact]
    public async Task Bad_recordings_are_refused_and_leave_the_offer_to_try_again()
    {
        var (caller, callee) = await CallerAndClosedCallee();
        var offer = await CallInVain(caller, callee);
        var voiceOffer = await CallInVain(caller, callee, CallKind.Voice);
        var (stranger, _) = await CallerAndClosedCallee();

        (await OffersOf(caller).Leave(offer.OfferId, "not a video"u8.ToArray())).Error.Should().Be(VideoMessageError.NotMedia);
        (await OffersOf(caller).Leave(offer.OfferId, Recordings.Webm(62))).Error.Should().Be(VideoMessageError.TooLong);
        (await OffersOf(caller).Leave(offer.OfferId, Recordings.Webm(20, frameBytes: 80_000))).Error.Should().Be(VideoMessageError.TooLarge);
        (await OffersOf(caller).Leave(voiceOffer.OfferId, FiveSeconds)).Error.Should().Be(VideoMessageError.VideoForVoice);
        (await OffersOf(stranger).Leave(offer.OfferId, FiveSeconds)).Error.Should().Be(VideoMessageError.NoOffer, "someone else's offer");
        (await OffersOf(caller).Leave(Guid.NewGuid(), FiveSeconds)).Error.Should().Be(VideoMessageError.NoOffer);
        (await BoxOf(callee).List()).Should().BeEmpty();

        (await OffersOf(caller).Leave(offer.OfferId, Recordings.Webm(60.4))).Error.Should().Be(VideoMessageError.None, "a recorder stopping at 60 s may stamp its last frame a little after");
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        (await OffersOf(caller).Leave(voiceOffer.OfferId, Recordings.Webm(2, video: false))).Error.Should().Be(VideoMessageError.NoOffer, "the offer expired");
    }

    [Fact]
    public async Task A_sender_leaves_at_most_their_messages_an_hour_and_a_full_box_lets_its_oldest_go()
    {
        var (caller, callee) = await CallerAndClosedCallee();
        List<Guid> left = [];
        for (var i = 0; i < ClusterFixture.VideoMessagesPerHour; i++)
        {
            left.Add((await OffersOf(caller).Leave((await CallInVain(caller, callee)).OfferId, FiveSeconds)).Id);
        }

        (await OffersOf(caller).Leave((await CallInVain(caller, callee)).OfferId, FiveSeconds)).Error.Should().Be(VideoMessageError.TooMany);
        var kept = await BoxOf(callee).List();
        kept.Select(m => m.Id).Should().Equal(left.TakeLast(ClusterFixture.VideoMessagesKept).Reverse(), "newest first, the oldest gone");
        File.Exists(FileOf(left[0])).Should().BeFalse("its file went with it");
        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        (await OffersOf(caller).Leave((await CallInVain(caller, callee)).OfferId, FiveSeconds)).Error.Should().Be(VideoMessageError.None, "a new hour");
    }

    [Fact]
    public async Task Messages_expire_after_30_days_even_in_a_box_nobody_looked_at_since_its_grain_was_gone()
    {
        var (caller, callee) = await CallerAndClosedCallee();
        var left = await OffersOf(caller).Leave((await CallInVain(caller, callee)).OfferId, FiveSeconds);
        var box = BoxOf(callee);
        var silo = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);
        var reminders = await silo.GetRequiredService<IReminderTable>().ReadRows(box.GetGrainId());

        await fixture.Cluster.DeactivateAsync(box);
        fixture.Clock.Advance(TimeSpan.FromDays(29));
        (await box.GetUnseenCount()).Should().Be(1);
        await fixture.Cluster.DeactivateAsync(box);
        fixture.Clock.Advance(TimeSpan.FromDays(1));

        reminders.Reminders.Should().ContainSingle(r => r.ReminderName == "expiry", "a durable reminder wakes the box after a restart");
        (await box.GetUnseenCount()).Should().Be(0);
        (await box.List()).Should().BeEmpty();
        File.Exists(FileOf(left.Id)).Should().BeFalse();
        (await box.Open(left.Id)).Should().BeNull();
    }

    [Fact]
    public async Task Only_the_recipient_opens_or_deletes_a_message()
    {
        var (caller, callee) = await CallerAndClosedCallee();
        var left = await OffersOf(caller).Leave((await CallInVain(caller, callee)).OfferId, FiveSeconds);

        (await BoxOf(caller).Open(left.Id)).Should().BeNull("the sender's own box has no such message");
        (await BoxOf(caller).Delete(left.Id)).Should().BeFalse();
        (await BoxOf(callee).Delete(left.Id)).Should().BeTrue();
        (await BoxOf(callee).Delete(left.Id)).Should().BeFalse();
        File.Exists(FileOf(left.Id)).Should().BeFalse();
    }
}
