using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Calls;
using Viv.Meetings;
using Viv.Contacts;
using Viv.Web.Calls;
using Viv.Web.Meetings;
using Viv.Web.Pacing;
using Viv.Web.Contacts;

namespace Viv.Web.Api;

/// <summary>
/// Every API error is an RFC 9457 problem: <c>type</c> and <c>code</c> are stable for programs,
/// <c>detail</c> is the same sentence the pages show. Domain errors keep their enum names as codes.
/// </summary>
public static partial class ApiProblem
{
    public const string TypeBase = "https://viv.invalid/problems/";

    public static ProblemHttpResult Of(int status, string code, string detail) => TypedResults.Problem(
        detail: detail, statusCode: status, title: Title(status), type: TypeBase + code,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    public static Task Write(HttpContext context, int status, string code, string detail) => Of(status, code, detail).ExecuteAsync(context);

    /// <summary>A lockout or a slow-down: 429 with <c>Retry-After</c>, so a client knows when to try again.</summary>
    public static ProblemHttpResult TryAgainLater(HttpContext http, bool slowedDown, TimeSpan wait, string detail)
    {
        http.Response.Headers.RetryAfter = SlowDown.RetryAfterHeader(wait);
        return Of(StatusCodes.Status429TooManyRequests, slowedDown ? SlowDown.Code : "locked_out", detail);
    }

    public static ProblemHttpResult Of(ContactError error) => Of(error switch
    {
        ContactError.UnknownUser => StatusCodes.Status404NotFound,
        ContactError.Self => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    }, Code(error), ContactMessages.Describe(error)!);

    public static ProblemHttpResult Of(MeetingError error) => Of(error switch
    {
        MeetingError.NotFound or MeetingError.NotInvited => StatusCodes.Status404NotFound,
        MeetingError.NotOrganizer => StatusCodes.Status403Forbidden,
        MeetingError.Cancelled or MeetingError.Over or MeetingError.NotYet or MeetingError.AlreadyScheduled or MeetingError.CalendarFull => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    }, Code(error), MeetingMessages.Describe(error)!);

    public static ProblemHttpResult Of(CallError error) => Of(StatusCodes.Status409Conflict, Code(error), CallMessages.Describe(error)!);

    /// <summary>For statuses the framework sets with no body: a binding failure, an unknown route, a body too large.</summary>
    public static (string Code, string Detail) ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("invalid_request", "The request could not be read: check the JSON types, required fields and that no unknown field is sent."),
        StatusCodes.Status404NotFound => ("not_found", "There is no such resource."),
        StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "This resource does not take that method."),
        StatusCodes.Status413PayloadTooLarge => ("body_too_large", "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send JSON with Content-Type: application/json."),
        _ => ("error", "That did not work."),
    };

    public static string Code<T>(T error) where T : struct, Enum => Snake().Replace(error.ToString(), "$1_$2").ToLowerInvariant();

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad Request",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not Found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Content Too Large",
        StatusCodes.Status429TooManyRequests => "Too Many Requests",
        _ => "Error",
    };

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex Snake();
}
