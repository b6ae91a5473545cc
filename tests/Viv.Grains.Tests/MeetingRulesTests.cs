using Viv.Meetings;
using static Viv.Meetings.MeetingError;

namespace Viv.Grains.Tests;

/// <summary>
/// The meeting's rules on their own: each refusal at its boundary, and the order of the checks.
/// MeetingTests drives the same rules through the grains, with the contact lists deciding who knows.
/// </summary>
public sealed class MeetingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Organizer = Guid.NewGuid(), Ann = Guid.NewGuid(), Ben = Guid.NewGuid();

    [Theory]
    [InlineData("", "", TitleRequired)]
    [InlineData("", "a note alone", TitleRequired)]
    [InlineData("t", "", null)]
    [InlineData("Standup", "Bring the map", null)]
    public void A_title_is_required(string title, string note, MeetingError? expected) =>
        MeetingRules.CheckText(title, note).Should().Be(expected);

    [Fact]
    public void A_title_and_a_note_each_stop_at_their_longest()
    {
        var (title, note) = (new string('t', MeetingDraft.MaxTitleLength), new string('n', MeetingDraft.MaxNoteLength));

        MeetingRules.CheckText(title, note).Should().BeNull();
        MeetingRules.CheckText(title + "t", note).Should().Be(TitleTooLong);
        MeetingRules.CheckText(title, note + "n").Should().Be(NoteTooLong);
        MeetingRules.CheckText(title + "t", note + "n").Should().Be(TitleTooLong, "the title is checked first");
    }

    [Fact]
    public void A_meeting_starts_after_now_and_lasts_one_minute_to_its_longest()
    {
        MeetingRules.CheckTime(Now, 30, Now).Should().Be(StartsInThePast, "now is already too late");
        MeetingRules.CheckTime(Now.AddSeconds(-1), 30, Now).Should().Be(StartsInThePast);
        MeetingRules.CheckTime(Now.AddSeconds(1), 0, Now).Should().Be(EndsBeforeItStarts);
        MeetingRules.CheckTime(Now.AddSeconds(1), -5, Now).Should().Be(EndsBeforeItStarts);
        MeetingRules.CheckTime(Now.AddSeconds(1), MeetingDraft.MaxDurationMinutes + 1, Now).Should().Be(TooLong);
        MeetingRules.CheckTime(Now.AddSeconds(1), 1, Now).Should().BeNull();
        MeetingRules.CheckTime(Now.AddSeconds(1), MeetingDraft.MaxDurationMinutes, Now).Should().BeNull();
        MeetingRules.CheckTime(Now.AddSeconds(-1), 0, Now).Should().Be(StartsInThePast, "the start is checked first");
    }

    [Fact]
    public void Invitees_are_each_asked_once_never_the_organizer_and_no_more_than_the_call_holds_beside_them()
    {
        var (invitees, error) = MeetingRules.Invitees(Organizer, [Ann, Ben, Ann, Organizer], callCapacity: 3);
        invitees.Should().Equal(Ann, Ben);
        error.Should().BeNull();
        MeetingRules.Invitees(Organizer, [Ann, Ben], callCapacity: 2).Error.Should().Be(TooManyInvitees);
        MeetingRules.Invitees(Organizer, [Organizer], callCapacity: 6).Error.Should().Be(NoInvitees);
        MeetingRules.Invitees(Organizer, [], callCapacity: 6).Error.Should().Be(NoInvitees);
        MeetingRules.Invitees(Organizer, null, callCapacity: 6).Error.Should().Be(NoInvitees);
    }

    private static MeetingState Scheduled(bool cancelled = false) => new()
    {
        Organizer = Organizer,
        Title = "Standup",
        StartsAt = Now.AddMinutes(30),
        DurationMinutes = 15,
        Invitees = new() { [Ann] = MeetingAnswer.Accepted, [Ben] = MeetingAnswer.Declined },
        Cancelled = cancelled,
    };

    [Fact]
    public void Whoever_does_not_know_of_it_finds_nothing_then_a_cancelled_one_says_so_then_one_that_is_over()
    {
        var meeting = Scheduled();
        var ends = meeting.EndsAt;

        MeetingRules.Refusal(new MeetingState(), knows: true, Now).Should().Be(NotFound, "never scheduled");
        MeetingRules.Refusal(Scheduled(cancelled: true), knows: false, ends.AddDays(1)).Should().Be(NotFound, "nothing is revealed to an outsider");
        MeetingRules.Refusal(Scheduled(cancelled: true), knows: true, ends.AddDays(1)).Should().Be(Cancelled);
        MeetingRules.Refusal(meeting, knows: true, ends.AddTicks(1)).Should().Be(Over);
        MeetingRules.Refusal(meeting, knows: true, ends).Should().BeNull("the last moment still counts");
    }

    [Fact]
    public void Only_the_organizer_changes_it()
    {
        MeetingRules.OrganizerOnly(Scheduled(), Organizer).Should().BeNull();
        MeetingRules.OrganizerOnly(Scheduled(), Ann).Should().Be(NotOrganizer);
    }

    [Fact]
    public void Only_an_invitee_answers()
    {
        MeetingRules.InviteeOnly(Scheduled(), Ann).Should().BeNull();
        MeetingRules.InviteeOnly(Scheduled(), Ben).Should().BeNull("having declined, they may still change their answer");
        MeetingRules.InviteeOnly(Scheduled(), Organizer).Should().Be(NotInvited);
        MeetingRules.InviteeOnly(Scheduled(), Guid.NewGuid()).Should().Be(NotInvited);
    }

    [Fact]
    public void Its_call_opens_the_early_join_minutes_before_the_start()
    {
        var meeting = Scheduled();
        var opens = meeting.StartsAt.AddMinutes(-10);

        MeetingRules.JoinOpensAt(meeting.StartsAt, 10).Should().Be(opens);
        MeetingRules.MayJoin(meeting, 10, opens.AddTicks(-1)).Should().Be(NotYet);
        MeetingRules.MayJoin(meeting, 10, opens).Should().BeNull();
        MeetingRules.MayJoin(meeting, 0, meeting.StartsAt.AddTicks(-1)).Should().Be(NotYet, "with no early minutes, only from the start");
        MeetingRules.MayJoin(meeting, 0, meeting.StartsAt).Should().BeNull();
    }

    [Fact]
    public void At_the_start_the_organizer_and_those_who_accepted_are_told()
    {
        var meeting = Scheduled();
        meeting.Invitees[Guid.NewGuid()] = MeetingAnswer.Pending;

        MeetingRules.ToldAtStart(meeting).Should().BeEquivalentTo([Organizer, Ann]);
    }

    [Theory]
    [InlineData(true, false, false, true)]
    [InlineData(false, false, false, false)]
    [InlineData(true, true, false, false)]
    [InlineData(true, false, true, false)]
    [InlineData(true, true, true, false)]
    public void The_start_awaits_only_a_scheduled_meeting_neither_cancelled_nor_announced(bool scheduled, bool cancelled, bool announced, bool awaits)
    {
        var meeting = scheduled ? Scheduled(cancelled) : new MeetingState { Cancelled = cancelled };
        meeting.Announced = announced;

        MeetingRules.AwaitsStart(meeting).Should().Be(awaits);
    }

    [Fact]
    public void The_timer_for_the_start_is_set_only_within_the_last_check_period_and_fires_at_once_for_a_start_already_past()
    {
        var period = TimeSpan.FromSeconds(60);
        var meeting = Scheduled();
        var starts = meeting.StartsAt;

        MeetingRules.StartTimer(meeting, period, starts - period - TimeSpan.FromTicks(1)).Should().BeNull("the reminder wakes it before then");
        MeetingRules.StartTimer(meeting, period, starts - period).Should().Be(period);
        MeetingRules.StartTimer(meeting, period, starts.AddSeconds(-1)).Should().Be(TimeSpan.FromSeconds(1));
        MeetingRules.StartTimer(meeting, period, starts).Should().Be(TimeSpan.Zero);
        MeetingRules.StartTimer(meeting, period, starts.AddMinutes(5)).Should().Be(TimeSpan.Zero, "a start missed while the silo was down is announced at once");
    }

    [Fact]
    public void No_timer_is_set_for_a_start_no_longer_awaited()
    {
        var period = TimeSpan.FromSeconds(60);
        var cancelled = Scheduled(cancelled: true);
        var announced = Scheduled();
        announced.Announced = true;

        MeetingRules.StartTimer(cancelled, period, cancelled.StartsAt).Should().BeNull();
        MeetingRules.StartTimer(announced, period, announced.StartsAt).Should().BeNull();
        MeetingRules.StartTimer(new MeetingState(), period, Now).Should().BeNull("never scheduled");
    }
}
