using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Meetings;
using Viv.Web.Accounts;
using Viv.Web.Meetings;

using Viv.Web.Pacing;

namespace Viv.Web.Api;

/// <summary>/api/v1/meetings: the same rules as the Meetings page, which the meeting grains hold.</summary>
public static class MeetingEndpoints
{
    public sealed record NewMeeting(string Title, DateTimeOffset StartsAt, int DurationMinutes, IReadOnlyList<Guid> Invitees, string? Note = null);

    public sealed record Scheduled(Guid MeetingId);

    public sealed record AnswerRequest(bool Accept);

    public sealed record TimeRequest(DateTimeOffset StartsAt, int DurationMinutes);

    public static void Map(RouteGroupBuilder api)
    {
        var meetings = api.MapGroup("/meetings").WithTags("Meetings");
        meetings.MapGet("/", List).WithSummary("Meetings I organize or am invited to, by start time.").ProducesProblem(StatusCodes.Status400BadRequest);
        meetings.MapPost("/", Schedule).WithSummary("Schedule a meeting with my contacts; they are told at once.")
            .ProducesProblem(StatusCodes.Status400BadRequest).Paced(Pace.Invitations);
        meetings.MapGet("/{meetingId:guid}", Get).WithSummary("One meeting; anyone not invited gets 404.").ProducesProblem(StatusCodes.Status404NotFound);
        meetings.MapGet("/{id:guid}.ics", MeetingCalendarFile.Get).WithSummary("The meeting as an iCalendar (.ics) file.")
            .Produces<string>(StatusCodes.Status200OK, MeetingCalendarFile.ContentType).ProducesProblem(StatusCodes.Status404NotFound);
        meetings.MapPost("/{meetingId:guid}/answer", Answer).WithSummary("Accept or decline an invitation.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Paced(Pace.MeetingChanges);
        meetings.MapPut("/{meetingId:guid}/time", Reschedule).WithSummary("Move the meeting (organizer only); everyone invited is told.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).Paced(Pace.MeetingChanges);
        meetings.MapDelete("/{meetingId:guid}", Cancel).WithSummary("Cancel the meeting (organizer only); everyone invited is told.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .Paced(Pace.MeetingChanges);
    }

    private static async Task<Results<Ok<Page<Meeting>>, ProblemHttpResult>> List(string? cursor, int? limit, HttpContext http, IGrainFactory grains)
    {
        var meetings = await grains.GetGrain<IMeetingCalendarGrain>(http.User.UserId()).GetMeetings();
        return Paging.Of(meetings, m => Paging.OldestFirst(m.StartsAt, m.Id), cursor, limit) is { } page ? TypedResults.Ok(page) : Paging.InvalidCursor();
    }

    private static async Task<Results<Created<Scheduled>, ProblemHttpResult>> Schedule(NewMeeting meeting, HttpContext http, IGrainFactory grains)
    {
        var meetingId = Guid.NewGuid();
        var draft = new MeetingDraft(meeting.Title, meeting.Note, meeting.StartsAt, meeting.DurationMinutes, meeting.Invitees);
        var error = await grains.GetGrain<IMeetingGrain>(meetingId).Schedule(http.User.UserId(), draft);
        return error == MeetingError.None ? TypedResults.Created($"/api/v1/meetings/{meetingId}", new Scheduled(meetingId)) : ApiProblem.Of(error);
    }

    private static async Task<Results<Ok<Meeting>, ProblemHttpResult>> Get(Guid meetingId, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<IMeetingGrain>(meetingId).Get(http.User.UserId()) is { } meeting ? TypedResults.Ok(meeting) : ApiProblem.Of(MeetingError.NotFound);

    private static Task<Results<NoContent, ProblemHttpResult>> Answer(Guid meetingId, AnswerRequest answer, HttpContext http, IGrainFactory grains) =>
        Done(grains.GetGrain<IMeetingGrain>(meetingId).Answer(http.User.UserId(), answer.Accept));

    private static Task<Results<NoContent, ProblemHttpResult>> Reschedule(Guid meetingId, TimeRequest time, HttpContext http, IGrainFactory grains) =>
        Done(grains.GetGrain<IMeetingGrain>(meetingId).Reschedule(http.User.UserId(), time.StartsAt, time.DurationMinutes));

    private static Task<Results<NoContent, ProblemHttpResult>> Cancel(Guid meetingId, HttpContext http, IGrainFactory grains) =>
        Done(grains.GetGrain<IMeetingGrain>(meetingId).Cancel(http.User.UserId()));

    private static async Task<Results<NoContent, ProblemHttpResult>> Done(Task<MeetingError> action) =>
        await action is var error && error == MeetingError.None ? TypedResults.NoContent() : ApiProblem.Of(error);
}
