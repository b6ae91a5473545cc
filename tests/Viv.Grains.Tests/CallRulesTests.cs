using System.Buffers.Text;
using Viv.Calls;
using static Viv.Calls.CallError;

namespace Viv.Grains.Tests;

/// <summary>
/// The call room's rules on their own, case by case: every refusal each action can meet, in the
/// order the room checks them. The grain tests (CallTests, GroupCallTests) drive the same rules
/// through the grains, with the contact list and presence deciding reach.
/// </summary>
public sealed class CallRulesTests
{
    private static readonly Guid Ann = Guid.NewGuid(), Ben = Guid.NewGuid(), Cid = Guid.NewGuid(), Dee = Guid.NewGuid();

    private static readonly Reach Reachable = new(MutualContact: true, Reachable: true, BlockedEitherWay: []);

    private static CallRoom Room(CallPhase phase, Guid[] participants, Guid[]? ringing = null, bool open = false, int capacity = 4) =>
        new(phase, open, participants, ringing ?? [], capacity);

    public static TheoryData<string, CallRoom, Guid, Guid, CallError> Invitations => new()
    {
        { "not started", Room(CallPhase.New, []), Ann, Ben, CallError.CallEnded },
        { "ended", Room(CallPhase.Ended, [Ann]), Ann, Ben, CallError.CallEnded },
        { "from someone not in it", Room(CallPhase.Connected, [Ann, Ben]), Cid, Dee, NotInCall },
        { "from someone still being rung", Room(CallPhase.Connected, [Ann, Ben], [Cid]), Cid, Dee, NotInCall },
        { "someone already in it", Room(CallPhase.Connected, [Ann, Ben]), Ann, Ben, AlreadyParticipant },
        { "someone already being rung", Room(CallPhase.Ringing, [Ann], [Ben]), Ann, Ben, AlreadyParticipant },
        { "full with those in it", Room(CallPhase.Connected, [Ann, Ben, Cid], capacity: 3), Ann, Dee, CallFull },
        { "full counting those being rung", Room(CallPhase.Ringing, [Ann], [Ben, Cid], capacity: 3), Ann, Dee, CallFull },
        { "while it still rings", Room(CallPhase.Ringing, [Ann], [Ben]), Ann, Cid, None },
        { "once connected, by anyone in it", Room(CallPhase.Connected, [Ann, Ben]), Ben, Cid, None },
    };

    [Theory]
    [MemberData(nameof(Invitations))]
    public void Inviting_is_refused_for_each_reason_in_turn(string _, CallRoom room, Guid inviter, Guid invitee, CallError expected) =>
        CallRules.MayInvite(room, inviter, invitee).Should().Be(expected);

    public static TheoryData<string, Guid, Reach, CallError> Rings => new()
    {
        { "yourself", Ann, Reachable, CallingYourself },
        { "not a contact", Ben, Reachable with { MutualContact = false }, Unavailable },
        { "offline with no device to ring through push", Ben, Reachable with { Reachable = false }, Unavailable },
        { "who blocked the inviter or was blocked by them", Ben, Reachable with { BlockedEitherWay = [Ann] }, Unavailable },
        { "who blocked someone in the call", Ben, Reachable with { BlockedEitherWay = [Cid] }, Unavailable },
        { "who blocked someone still being rung", Ben, Reachable with { BlockedEitherWay = [Dee] }, Unavailable },
        { "a contact online with nobody blocked in the call", Ben, Reachable with { BlockedEitherWay = [Guid.NewGuid()] }, None },
    };

    [Theory]
    [MemberData(nameof(Rings))]
    public void Ringing_someone_is_refused_as_unavailable_whatever_the_reason(string _, Guid invitee, Reach reach, CallError expected) =>
        CallRules.MayRing(Room(CallPhase.Connected, [Ann, Cid], [Dee]), Ann, invitee, reach).Should().Be(expected);

    [Fact]
    public void Starting_a_call_rings_with_the_same_rules_in_an_empty_room()
    {
        var empty = Room(CallPhase.New, []);

        CallRules.MayRing(empty, Ann, Ben, Reachable).Should().Be(None);
        CallRules.MayRing(empty, Ann, Ann, Reachable).Should().Be(CallingYourself);
        CallRules.MayRing(empty, Ann, Ben, Reachable with { BlockedEitherWay = [Ann] }).Should().Be(Unavailable);
    }

    public static TheoryData<string, CallRoom, Guid, CallError> Answers => new()
    {
        { "an ended call", Room(CallPhase.Ended, [], [Ben]), Ben, CallError.CallEnded },
        { "already in it (another tab answered)", Room(CallPhase.Connected, [Ann, Ben]), Ben, AlreadyAnswered },
        { "never rung", Room(CallPhase.Ringing, [Ann], [Ben]), Cid, NotInCall },
        { "rung", Room(CallPhase.Ringing, [Ann], [Ben]), Ben, None },
        { "rung into a connected call", Room(CallPhase.Connected, [Ann, Ben], [Cid]), Cid, None },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Answering_needs_a_ringing_for_you(string _, CallRoom room, Guid invitee, CallError expected) =>
        CallRules.MayAnswer(room, invitee).Should().Be(expected);

    public static TheoryData<string, CallRoom, Guid, CallError> Entries => new()
    {
        { "a rung call", Room(CallPhase.Connected, [Ann, Ben]), Cid, CallError.CallEnded },
        { "an ended meeting call", Room(CallPhase.Ended, [], open: true), Cid, CallError.CallEnded },
        { "already in it", Room(CallPhase.Connected, [Ann], open: true), Ann, AlreadyInCall },
        { "full", Room(CallPhase.Connected, [Ann, Ben], open: true, capacity: 2), Cid, CallFull },
        { "an open meeting call", Room(CallPhase.Connected, [Ann], open: true), Ben, None },
        { "the first in a meeting call", Room(CallPhase.Connected, [], open: true), Ann, None },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Entering_is_for_open_meeting_calls_with_room(string _, CallRoom room, Guid user, CallError expected) =>
        CallRules.MayEnter(room, user).Should().Be(expected);

    [Fact]
    public void Nobody_comes_in_while_someone_there_blocked_them_or_was_blocked_by_them()
    {
        var room = Room(CallPhase.Connected, [Ann, Ben]);

        CallRules.MayComeIn(room, [Ben]).Should().Be(Unavailable);
        CallRules.MayComeIn(room, [Cid]).Should().Be(None, "blocking someone outside the call keeps nobody out");
        CallRules.MayComeIn(room, []).Should().Be(None);
    }

    public static TheoryData<string, CallRoom, Guid, bool, Guid, bool, CallError> Signals => new()
    {
        { "an ended call", Room(CallPhase.Ended, [Ann, Ben]), Ann, true, Ben, true, CallError.CallEnded },
        { "from outside the call", Room(CallPhase.Connected, [Ann, Ben]), Cid, true, Ben, true, NotInCall },
        { "from another tab of a participant", Room(CallPhase.Connected, [Ann, Ben]), Ann, false, Ben, true, NotInCall },
        { "malformed", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, false, InvalidSignal },
        { "to themselves", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ann, true, NotAParticipant },
        { "to someone not in the call", Room(CallPhase.Connected, [Ann, Ben], [Cid]), Ann, true, Cid, true, NotAParticipant },
        { "between participants", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, true, None },
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public void Signals_go_only_between_the_tabs_taking_part(string _, CallRoom room, Guid from, bool fromTheirTab, Guid to, bool valid, CallError expected)
    {
        var signal = valid
            ? new CallSignal(null, new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", "0", 0, null))
            : new CallSignal(new SessionDescription("bogus", "v=0"), null);

        CallRules.MaySignal(room, from, fromTheirTab, to, signal).Should().Be(expected);
    }

    [Theory]
    [InlineData(4, 4, true, false)]
    [InlineData(5, 4, false, false)]
    [InlineData(5, 4, true, true)]
    [InlineData(25, 2, true, true)]
    public void A_call_moves_to_the_media_server_only_past_the_mesh_limit_and_only_with_one_configured(int participants, int meshLimit, bool mediaServer, bool forwards) =>
        CallRules.Forwards(participants, meshLimit, mediaServer).Should().Be(forwards);

    [Theory]
    [InlineData(3, true)]
    [InlineData(CallRules.LargestMesh, true)]
    [InlineData(CallRules.LargestMesh + 1, false)]
    [InlineData(25, false)]
    public void A_call_whose_media_server_is_gone_goes_back_to_direct_connections_only_as_small_as_a_mesh_carries(int participants, bool fallsBack) =>
        CallRules.FallsBackToMesh(participants).Should().Be(fallsBack);

    [Fact]
    public void A_call_waiting_for_a_media_server_tries_again_after_1_s_then_2_4_8_and_every_10_s() =>
        new[] { 0, 1, 2, 3, 4, 5, 1000, int.MaxValue }.Select(CallRules.ReopenAfter).Select(wait => wait.TotalSeconds)
            .Should().Equal(1, 2, 4, 8, 10, 10, 10, 10);

    private static readonly CallSignal Candidate = new(null, new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", "0", 0, null));

    private static CallSignal Described(string type) => new(new SessionDescription(type, "v=0\r\n"), null);

    public static TheoryData<string, CallRoom, Guid, bool, MediaLeg, CallSignal?, CallError> Forwards => new()
    {
        { "an ended call", Room(CallPhase.Ended, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Publish, Described("offer"), CallError.CallEnded },
        { "from someone who left", Room(CallPhase.Connected, [Ben, Cid]) with { Forwarded = true }, Ann, true, MediaLeg.Receive, Candidate, NotInCall },
        { "from another tab of a participant", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, false, MediaLeg.Publish, Described("offer"), NotInCall },
        { "in a call whose media stays a mesh", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, MediaLeg.Publish, Described("offer"), NotForwarded },
        { "missing", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Publish, null, InvalidSignal },
        { "an answer to publish", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Publish, Described("answer"), InvalidSignal },
        { "an offer to receive", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Receive, Described("offer"), InvalidSignal },
        { "a rollback", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Publish, new CallSignal(new SessionDescription("rollback", null), null), InvalidSignal },
        { "of a leg that does not exist", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, (MediaLeg)7, Candidate, InvalidSignal },
        { "an offer to publish", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Publish, Described("offer"), None },
        { "an answer to receive", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Receive, Described("answer"), None },
        { "a candidate of either leg", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, MediaLeg.Receive, Candidate, None },
    };

    [Theory]
    [MemberData(nameof(Forwards))]
    public void Signals_go_to_the_media_server_only_from_the_tab_taking_part_and_of_their_leg(string _, CallRoom room, Guid from, bool fromTheirTab, MediaLeg leg, CallSignal? signal, CallError expected) =>
        CallRules.MayForward(room, from, fromTheirTab, leg, signal).Should().Be(expected);

    public static TheoryData<string, CallRoom, Guid, bool, Guid, VideoQuality, CallError> VideoSizes => new()
    {
        { "an ended call", Room(CallPhase.Ended, [Ann, Ben]) with { Forwarded = true }, Ann, true, Ben, VideoQuality.Low, CallError.CallEnded },
        { "from someone who left", Room(CallPhase.Connected, [Ben, Cid]) with { Forwarded = true }, Ann, true, Ben, VideoQuality.Low, NotInCall },
        { "from another tab of a participant", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, false, Ben, VideoQuality.Low, NotInCall },
        { "in a call whose media stays a mesh", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, VideoQuality.Low, NotForwarded },
        { "of a size that does not exist", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, Ben, (VideoQuality)3, InvalidSignal },
        { "of their own video", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, Ann, VideoQuality.Low, CallError.NotAParticipant },
        { "of someone being rung", Room(CallPhase.Connected, [Ann, Ben], [Cid]) with { Forwarded = true }, Ann, true, Cid, VideoQuality.Low, CallError.NotAParticipant },
        { "of someone who left", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, Cid, VideoQuality.High, CallError.NotAParticipant },
        { "of another participant", Room(CallPhase.Connected, [Ann, Ben]) with { Forwarded = true }, Ann, true, Ben, VideoQuality.Medium, None },
    };

    [Theory]
    [MemberData(nameof(VideoSizes))]
    public void A_tab_sizes_the_video_of_everyone_else_in_a_forwarded_call_and_nobody_elses(string _, CallRoom room, Guid from, bool fromTheirTab, Guid of, VideoQuality quality, CallError expected) =>
        CallRules.MayReceiveVideo(room, from, fromTheirTab, of, quality).Should().Be(expected);

    public static TheoryData<string, CallRoom, Guid, bool, CallError> MediaServerRequests => new()
    {
        { "in an ended call", Room(CallPhase.Ended, [Ann, Ben]) with { Forwarded = true }, Ann, true, CallError.CallEnded },
        { "from someone who left", Room(CallPhase.Connected, [Ben, Cid]) with { Forwarded = true }, Ann, true, NotInCall },
        { "from someone being rung", Room(CallPhase.Connected, [Ben, Cid], [Ann]) with { Forwarded = true }, Ann, true, NotInCall },
        { "from another tab of a participant", Room(CallPhase.Connected, [Ann, Ben, Cid]) with { Forwarded = true }, Ann, false, NotInCall },
        { "in a call whose media stays a mesh", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, CallError.NotForwarded },
        { "in a forwarded call", Room(CallPhase.Connected, [Ann, Ben, Cid]) with { Forwarded = true }, Ann, true, None },
    };

    [Theory]
    [MemberData(nameof(MediaServerRequests))]
    public void Only_the_tab_taking_part_in_a_forwarded_call_asks_its_media_server_anything(string _, CallRoom room, Guid from, bool fromTheirTab, CallError expected) =>
        CallRules.MayUseMediaServer(room, from, fromTheirTab).Should().Be(expected);

    public static TheoryData<string, CallRoom, Guid, bool, CallError> ScreenShares => new()
    {
        { "in an ended call", Room(CallPhase.Ended, [Ann, Ben]), Ann, true, CallError.CallEnded },
        { "from someone who left", Room(CallPhase.Connected, [Ben, Cid]), Ann, true, NotInCall },
        { "from someone being rung", Room(CallPhase.Connected, [Ben, Cid], [Ann]), Ann, true, NotInCall },
        { "from another tab of a participant", Room(CallPhase.Connected, [Ann, Ben]), Ann, false, NotInCall },
        { "in a call whose media stays a mesh", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, None },
        { "in a forwarded call", Room(CallPhase.Connected, [Ann, Ben, Cid]) with { Forwarded = true }, Ann, true, None },
    };

    [Theory]
    [MemberData(nameof(ScreenShares))]
    public void The_tab_taking_part_says_it_shares_its_screen_in_any_call_going_on(string _, CallRoom room, Guid from, bool fromTheirTab, CallError expected) =>
        CallRules.MayShareScreen(room, from, fromTheirTab).Should().Be(expected);

    [Fact]
    public void A_missing_signal_is_refused_as_a_malformed_one() =>
        CallRules.MaySignal(Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, null).Should().Be(InvalidSignal);

    private static string Encoded(int bytes, byte fill = 7) => Base64Url.EncodeToString(Enumerable.Repeat(fill, bytes).ToArray());

    private static readonly string AnnKey = Encoded(KeyEncoding.PublicKeyBytes, 1), BenKey = Encoded(KeyEncoding.PublicKeyBytes, 2);

    public static TheoryData<string, CallRoom, Guid, bool, string?, CallError> Identities => new()
    {
        { "in an ended call", Room(CallPhase.Ended, [Ann, Ben]), Ann, true, AnnKey, CallError.CallEnded },
        { "from someone who left", Room(CallPhase.Connected, [Ben, Cid]), Ann, true, AnnKey, NotInCall },
        { "from someone being rung", Room(CallPhase.Connected, [Ben, Cid], [Ann]), Ann, true, AnnKey, NotInCall },
        { "from another tab of a participant", Room(CallPhase.Connected, [Ann, Ben]), Ann, false, AnnKey, NotInCall },
        { "with no key", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, null, InvalidKey },
        { "with an empty key", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, "", InvalidKey },
        { "of 31 bytes", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Encoded(31), InvalidKey },
        { "of 33 bytes", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Encoded(33), InvalidKey },
        { "with padding", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, AnnKey + "=", InvalidKey },
        { "in standard base64", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Convert.ToBase64String(Enumerable.Repeat((byte)0xfb, 32).ToArray()).TrimEnd('='), InvalidKey },
        { "with a space before it", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, " " + AnnKey[1..], InvalidKey },
        { "with a line break after it", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, AnnKey + "\n", InvalidKey },
        { "with stray bits in its last character", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, AnnKey[..^1] + "F", InvalidKey },
        { "with a digit that is not ASCII", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, "\u0661" + AnnKey[1..], InvalidKey },
        { "from the caller while it rings", Room(CallPhase.Ringing, [Ann], [Ben]), Ann, true, AnnKey, None },
        { "from a participant", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, AnnKey, None },
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void The_tab_taking_part_announces_an_identity_key_of_32_bytes_in_canonical_base64url(string _, CallRoom room, Guid from, bool fromTheirTab, string? publicKey, CallError expected) =>
        CallRules.MayAnnounceIdentity(room, from, fromTheirTab, publicKey).Should().Be(expected);

    private static readonly Guid ThisCall = Guid.NewGuid();

    private static readonly MediaKeyMessage Wrapped = new(1, ThisCall.ToString(), 5, AnnKey, BenKey, Encoded(16), Encoded(12), Encoded(32));

    private static readonly Dictionary<Guid, string> Announced = new() { [Ann] = AnnKey, [Ben] = BenKey, [Cid] = Encoded(32, 3) };

    public static TheoryData<string, CallRoom, Guid, bool, Guid, MediaKeyMessage?, CallError> MediaKeys => new()
    {
        { "in an ended call", Room(CallPhase.Ended, [Ann, Ben]), Ann, true, Ben, Wrapped, CallError.CallEnded },
        { "from someone who left", Room(CallPhase.Connected, [Ben, Cid]), Ann, true, Ben, Wrapped, NotInCall },
        { "from another tab of a participant", Room(CallPhase.Connected, [Ann, Ben]), Ann, false, Ben, Wrapped, NotInCall },
        { "with no message", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, null, InvalidKey },
        { "of another version", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { V = 2 }, InvalidKey },
        { "of another call", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Call = Guid.NewGuid().ToString() }, InvalidKey },
        { "naming this call in capitals", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Call = ThisCall.ToString().ToUpperInvariant() }, InvalidKey },
        { "with a negative KID", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Kid = -1 }, InvalidKey },
        { "with a KID of 2^53", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Kid = 1L << 53 }, InvalidKey },
        { "from a key of 31 bytes", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { From = Encoded(31) }, InvalidKey },
        { "to a padded key", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { To = BenKey + "=" }, InvalidKey },
        { "with a salt of 15 bytes", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Salt = Encoded(15) }, InvalidKey },
        { "with an IV of 13 bytes", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Iv = Encoded(13) }, InvalidKey },
        { "with a key and no tag", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Key = Encoded(16) }, InvalidKey },
        { "to themselves", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ann, Wrapped with { To = AnnKey }, CallError.NotAParticipant },
        { "to someone being rung", Room(CallPhase.Connected, [Ann, Ben], [Cid]), Ann, true, Cid, Wrapped, CallError.NotAParticipant },
        { "to someone who left", Room(CallPhase.Connected, [Ann, Cid]), Ann, true, Ben, Wrapped, CallError.NotAParticipant },
        { "from a key the sender no longer has", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { From = Encoded(32, 9) }, UnannouncedKey },
        { "to a key the recipient no longer has", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { To = Encoded(32, 9) }, UnannouncedKey },
        { "to another participant's key", Room(CallPhase.Connected, [Ann, Ben, Cid]), Ann, true, Ben, Wrapped with { To = Announced[Cid] }, UnannouncedKey },
        { "to someone who announced no key", Room(CallPhase.Connected, [Ann, Ben, Dee]), Ann, true, Dee, Wrapped with { To = Encoded(32, 9) }, UnannouncedKey },
        { "to another participant, between the keys they announced", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped, None },
        { "with the largest KID", Room(CallPhase.Connected, [Ann, Ben]), Ann, true, Ben, Wrapped with { Kid = (1L << 53) - 1 }, None },
    };

    [Theory]
    [MemberData(nameof(MediaKeys))]
    public void A_media_key_goes_from_the_tab_taking_part_well_formed_to_another_participant_between_the_keys_both_announced(string _, CallRoom room, Guid from, bool fromTheirTab, Guid to, MediaKeyMessage? message, CallError expected) =>
        CallRules.MaySendMediaKey(room, ThisCall, from, fromTheirTab, to, message, Announced).Should().Be(expected);

    [Fact]
    public void A_sender_who_announced_no_key_sends_no_media_key() =>
        CallRules.MaySendMediaKey(Room(CallPhase.Connected, [Ann, Ben]), ThisCall, Ann, true, Ben, Wrapped, new Dictionary<Guid, string> { [Ben] = BenKey }).Should().Be(UnannouncedKey);

    public static TheoryData<string, CallRoom, Guid, CallError, Departure> HangUps => new()
    {
        { "an ended call", Room(CallPhase.Ended, [Ann]), Ann, CallError.CallEnded, default },
        { "someone being rung declines", Room(CallPhase.Connected, [Ann, Ben], [Cid]), Cid, None, Departure.Decline },
        { "the callee of a ringing call declines", Room(CallPhase.Ringing, [Ann], [Ben]), Ben, None, Departure.Decline },
        { "someone never in it", Room(CallPhase.Connected, [Ann, Ben]), Cid, NotInCall, default },
        { "a caller nobody answered yet cancels", Room(CallPhase.Ringing, [Ann], [Ben]), Ann, None, Departure.Cancel },
        { "a participant of a connected call leaves", Room(CallPhase.Connected, [Ann, Ben]), Ben, None, Departure.Leave },
    };

    [Theory]
    [MemberData(nameof(HangUps))]
    public void Hanging_up_declines_cancels_or_leaves_by_who_and_when(string _, CallRoom room, Guid user, CallError error, Departure departure) =>
        CallRules.HangUp(room, user).Should().Be((error, departure));

    public static TheoryData<string, CallRoom, Guid, Guid, AfterBlock> Blocks => new()
    {
        { "in an ended call", Room(CallPhase.Ended, [Ann, Ben]), Ann, Ben, AfterBlock.Nothing },
        { "in a call not started", Room(CallPhase.New, []), Ann, Ben, AfterBlock.Nothing },
        { "by someone not in it", Room(CallPhase.Connected, [Ann, Ben]), Cid, Ben, AfterBlock.Nothing },
        { "by someone still being rung", Room(CallPhase.Connected, [Ann, Ben], [Cid]), Cid, Ann, AfterBlock.Nothing },
        { "of someone being rung", Room(CallPhase.Connected, [Ann, Ben], [Cid]), Ann, Cid, AfterBlock.RingOut },
        { "of the callee of a ringing call", Room(CallPhase.Ringing, [Ann], [Ben]), Ann, Ben, AfterBlock.RingOut },
        { "of someone in it", Room(CallPhase.Connected, [Ann, Ben, Cid]), Ann, Ben, AfterBlock.BlockerHangsUp },
        { "of someone in a meeting's call", Room(CallPhase.Connected, [Ann, Ben], open: true), Ben, Ann, AfterBlock.BlockerHangsUp },
        { "of someone outside the call", Room(CallPhase.Connected, [Ann, Ben]), Ann, Dee, AfterBlock.Nothing },
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_block_stops_the_blocked_ones_ringing_or_takes_the_blocker_out_so_the_two_never_go_on_together(
        string _, CallRoom room, Guid blocker, Guid blocked, AfterBlock expected) =>
        CallRules.Block(room, blocker, blocked).Should().Be(expected);

    [Theory]
    [InlineData(CallPhase.New, true, true, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.New, true, false, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.New, false, true, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.New, false, false, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Ringing, true, true, AfterConnectionLost.HangUp)]
    [InlineData(CallPhase.Ringing, true, false, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Ringing, false, true, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Ringing, false, false, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Connected, true, true, AfterConnectionLost.HangUp)]
    [InlineData(CallPhase.Connected, true, false, AfterConnectionLost.Grace)]
    [InlineData(CallPhase.Connected, false, true, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Connected, false, false, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Ended, true, true, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Ended, true, false, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Ended, false, true, AfterConnectionLost.Nothing)]
    [InlineData(CallPhase.Ended, false, false, AfterConnectionLost.Nothing)]
    public void A_closed_page_hangs_up_and_a_dropped_network_waits_for_a_connected_call_only_for_the_tab_taking_part(
        CallPhase phase, bool theirTab, bool pageClosed, AfterConnectionLost expected)
    {
        CallRules.ConnectionLost(Room(phase, [Ann, Ben]), theirTab, pageClosed).Should().Be(expected);
        CallRules.ConnectionLost(Room(phase, [Ann], open: true), theirTab, pageClosed).Should().Be(expected, "a meeting's call is no different");
    }

    [Theory]
    [InlineData(false, 2, false)]
    [InlineData(false, 1, true)]
    [InlineData(true, 1, false)]
    [InlineData(true, 0, true)]
    public void A_rung_call_ends_below_two_and_a_meeting_call_when_empty(bool open, int remaining, bool ends) =>
        CallRules.EndsAfterLeaving(Room(CallPhase.Connected, [.. Enumerable.Range(0, remaining).Select(_ => Guid.NewGuid())], open: open)).Should().Be(ends);

    [Fact]
    public void A_call_ends_when_its_last_ringing_stops_only_if_nobody_ever_answered()
    {
        CallRules.EndsWhenRingingStops(Room(CallPhase.Ringing, [Ann])).Should().BeTrue();
        CallRules.EndsWhenRingingStops(Room(CallPhase.Ringing, [Ann], [Ben])).Should().BeFalse("someone is still being rung");
        CallRules.EndsWhenRingingStops(Room(CallPhase.Connected, [Ann, Ben])).Should().BeFalse("someone answered");
        CallRules.EndsWhenRingingStops(Room(CallPhase.Ended, [])).Should().BeFalse();
    }

    [Theory]
    [InlineData(CallPhase.Connected, CallOutcome.Cancelled, CallOutcome.Completed)]
    [InlineData(CallPhase.Ringing, CallOutcome.Cancelled, CallOutcome.Cancelled)]
    [InlineData(CallPhase.Ringing, CallOutcome.Missed, CallOutcome.Missed)]
    [InlineData(CallPhase.Ringing, CallOutcome.Busy, CallOutcome.Busy)]
    public void A_call_anyone_answered_ends_completed_otherwise_as_its_ringing_ended(CallPhase phase, CallOutcome unanswered, CallOutcome expected) =>
        CallRules.Outcome(phase, unanswered).Should().Be(expected);

    [Fact]
    public void A_history_names_who_was_in_the_call_once_anyone_answered_otherwise_who_was_rung_never_yourself()
    {
        CallRules.Named(Ann, caller: Ann, joined: [Ben, Cid], rung: [Ben, Cid, Dee]).Should().Equal(Ben, Cid);
        CallRules.Named(Ben, caller: Ann, joined: [Ben, Cid], rung: [Ben, Cid, Dee]).Should().Equal(Cid, Ann);
        CallRules.Named(Ann, caller: Ann, joined: [], rung: [Ben, Dee]).Should().Equal(Ben, Dee);
        CallRules.Named(Ben, caller: Ann, joined: [Ben, Ben], rung: [Ben]).Should().Equal(Ann);
    }
}
