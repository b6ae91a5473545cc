using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Calls;
using Viv.Web.Accounts;
using Viv.Web.Calls;

namespace Viv.Web.Api;

/// <summary>/api/v1/calls and /api/v1/ice: what happened, and what a new call needs. Calls themselves run over the hub.</summary>
public static class CallEndpoints
{
    public sealed record CallItem(Guid CallId, CallKind Kind, bool Outgoing, IReadOnlyList<Guid> Others, DateTimeOffset StartedAt,
        DateTimeOffset? AnsweredAt, DateTimeOffset EndedAt, CallOutcome Outcome, int DurationSeconds);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/calls", History).WithTags("Calls").WithSummary($"My call history, newest first (the last {CallHistoryGrain.Kept} calls).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/ice", (HttpContext http, IceConfigurations ice) => TypedResults.Ok(ice.For(http.User.UserId()))).WithTags("Calls")
            .WithSummary("ICE servers for the next call, with TURN credentials of my own that expire; fetch it before each call and each ICE restart.");
    }

    private static async Task<Results<Ok<Page<CallItem>>, ProblemHttpResult>> History(string? cursor, int? limit, HttpContext http, IGrainFactory grains)
    {
        var calls = await grains.GetGrain<ICallHistoryGrain>(http.User.UserId()).GetRecent(CallHistoryGrain.Kept);
        var items = calls.Select(c => new CallItem(c.CallId, c.Kind, c.Outgoing, c.Others, c.StartedAt, c.AnsweredAt, c.EndedAt, c.Outcome, (int)c.Duration.TotalSeconds));
        return Paging.Of(items, c => Paging.NewestFirst(c.StartedAt, c.CallId), cursor, limit) is { } page ? TypedResults.Ok(page) : Paging.InvalidCursor();
    }
}
