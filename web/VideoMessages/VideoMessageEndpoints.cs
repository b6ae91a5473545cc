using Microsoft.AspNetCore.Http.HttpResults;
using Viv.VideoMessages;
using Viv.Web.Accounts;
using Viv.Web.Api;

namespace Viv.Web.VideoMessages;

/// <summary>
/// Video messages over HTTP: leaving one (the recording as the request body), listing mine, playing
/// one with range requests (a video element seeks with them), deleting one. The same handlers serve
/// the pages at <c>/video-messages</c> (the cookie) and native clients at <c>/api/v1/video-messages</c>
/// (a bearer token). A recording is sent as its own media type, never as a form, so another site's
/// form cannot leave a message in someone's name.
/// </summary>
public static class VideoMessageEndpoints
{
    public const string PagePath = "/video-messages";

    private static readonly string[] RecordingTypes = ["video/webm", "audio/webm", "video/mp4", "audio/mp4"];

    public sealed record Left(Guid Id);

    public static void MapPages(WebApplication app) => Map(app.MapGroup(PagePath).RequireAuthorization(), api: false);

    /// <summary>The API's routes, in its group (bearer tokens); named for the OpenAPI document.</summary>
    public static void Map(RouteGroupBuilder api) => Map(api.MapGroup("/video-messages").WithTags("Video messages"), api: true);

    private static void Map(RouteGroupBuilder group, bool api)
    {
        RouteHandlerBuilder Named(RouteHandlerBuilder route, string name) => api ? route.WithName(name) : route;
        Named(group.MapGet("/", List), "VideoMessages").WithSummary("The video messages left for me, newest first, each kept until its expiresAt.");
        Named(group.MapPost("/", Leave), "VideoMessageLeave")
            .WithSummary("Leaves a message under an offer (?offer=, from the videoMessageOffered event after a call nobody answered): the recording itself as the body, video/webm, audio/webm, video/mp4 or audio/mp4, at most 15 MB and 60 s.")
            .WithMetadata(new BodyLimit(VideoMessageLimits.MaxBytes + 1))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests);
        Named(group.MapGet("/{id:guid}", Play), "VideoMessagePlay")
            .WithSummary("The recording, with range requests (Accept-Ranges: bytes); playing it marks it seen.").ProducesProblem(StatusCodes.Status404NotFound);
        Named(group.MapDelete("/{id:guid}", Delete), "VideoMessageDelete").WithSummary("Deletes a message left for me, its file with it.").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IVideoMessageBoxGrain MyBox(HttpContext http, IGrainFactory grains) => grains.GetGrain<IVideoMessageBoxGrain>(http.User.UserId());

    private static async Task<Ok<IReadOnlyList<VideoMessage>>> List(HttpContext http, IGrainFactory grains) => TypedResults.Ok(await MyBox(http, grains).List());

    private static async Task<Results<Created<Left>, ProblemHttpResult>> Leave(Guid? offer, HttpContext http, IGrainFactory grains)
    {
        // Only the type counts: a recorder's own parameters ("video/webm;codecs=vp8,opus", a comma a strict parser refuses) say nothing the bytes do not.
        var type = http.Request.ContentType?.Split(';')[0].Trim();
        if (type is null || !RecordingTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return ApiProblem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", $"Send the recording itself as {string.Join(", ", RecordingTypes)}.");
        }
        if (offer is not { } offerId)
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, "offer_required", "Name the offer the message is left under: ?offer=.");
        }
        if (await Recording(http) is not { } recording)
        {
            return Problem(VideoMessageError.TooLarge);
        }
        var left = await grains.GetGrain<IVideoMessageOffersGrain>(http.User.UserId()).Leave(offerId, recording);
        return left.Error == VideoMessageError.None
            ? TypedResults.Created($"{http.Request.PathBase}{http.Request.Path}/{left.Id}", new Left(left.Id))
            : Problem(left.Error);
    }

    /// <summary>The body, read no further than one byte past the limit: null when it is larger.</summary>
    private static async Task<byte[]?> Recording(HttpContext http)
    {
        if (http.Request.ContentLength > VideoMessageLimits.MaxBytes)
        {
            return null;
        }
        var buffer = new byte[VideoMessageLimits.MaxBytes + 1];
        var read = 0;
        int got;
        while (read < buffer.Length && (got = await http.Request.Body.ReadAsync(buffer.AsMemory(read), http.RequestAborted)) > 0)
        {
            read += got;
        }
        return read > VideoMessageLimits.MaxBytes ? null : buffer[..read];
    }

    private static async Task<IResult> Play(Guid id, HttpContext http, IGrainFactory grains)
    {
        if (await MyBox(http, grains).Open(id) is not { } file)
        {
            return Problem(VideoMessageError.NotFound);
        }
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(file.Content, file.ContentType, enableRangeProcessing: true);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, IGrainFactory grains) =>
        await MyBox(http, grains).Delete(id) ? TypedResults.NoContent() : Problem(VideoMessageError.NotFound);

    private static ProblemHttpResult Problem(VideoMessageError error) => ApiProblem.Of(error switch
    {
        VideoMessageError.NoOffer or VideoMessageError.NotFound => StatusCodes.Status404NotFound,
        VideoMessageError.TooLarge => StatusCodes.Status413PayloadTooLarge,
        VideoMessageError.TooMany => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    }, ApiProblem.Code(error), Describe(error));

    public static string Describe(VideoMessageError error) => error switch
    {
        VideoMessageError.NoOffer => "There is no message to leave under that offer: it was used, it expired, or it is not yours.",
        VideoMessageError.NotMedia => "That is not a WebM or MP4 recording of a kind browsers play.",
        VideoMessageError.VideoForVoice => "A voice call takes a voice message: the recording has video.",
        VideoMessageError.TooLarge => $"A message can be at most {VideoMessageLimits.MaxBytes / 1024 / 1024} MB.",
        VideoMessageError.TooLong => $"A message can be at most {VideoMessageLimits.MaxDuration.TotalSeconds:0} seconds long.",
        VideoMessageError.TooMany => "You have left as many messages as you can this hour. Try again later.",
        VideoMessageError.NotFound => "There is no such message.",
        _ => "That did not work.",
    };
}
