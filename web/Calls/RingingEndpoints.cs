using Viv.Calls;
using Viv.Realtime;
using Viv.Web.Accounts;

namespace Viv.Web.Calls;

/// <summary>
/// /ringing: what the service worker asks with this browser's cookie and no page open, when a push says a
/// call rings (is it still ringing?) and when the person presses Decline on its notification.
/// </summary>
public static class RingingEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/ringing", Now).RequireAuthorization();
        app.MapPost("/ringing/{callId:guid}/decline", Decline).RequireAuthorization();
    }

    /// <summary>The ids of the calls ringing me now: a push about any other is stale.</summary>
    private static async Task<IResult> Now(HttpContext http, IGrainFactory grains)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok((await grains.GetGrain<IPresenceGrain>(http.User.UserId()).GetRinging()).Select(call => call.CallId));
    }

    /// <summary>
    /// Only a JSON request is taken: a form on another site cannot send one without the browser asking
    /// this server first (CORS), which it never allows.
    /// </summary>
    private static async Task<IResult> Decline(Guid callId, HttpContext http, IGrainFactory grains)
    {
        if (!http.Request.HasJsonContentType())
        {
            return Results.Problem("Send this as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var error = await grains.GetGrain<ICallRoomGrain>(callId).Decline(http.User.UserId());
        return error == CallError.None
            ? Results.NoContent()
            : Results.Problem(CallMessages.Describe(error), statusCode: StatusCodes.Status409Conflict);
    }
}
