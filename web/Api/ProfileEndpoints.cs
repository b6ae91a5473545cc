using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Accounts;
using Viv.Contacts;
using Viv.Web.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Api;

/// <summary>/api/v1/me and /api/v1/users: who I am, my picture, and finding people.</summary>
public static class ProfileEndpoints
{
    public sealed record Person(Guid Id, string Username, string FullName, string PictureUrl)
    {
        public static Person Of(UserProfile profile) => new(profile.Id, profile.Username, profile.FullName, ProfilePictureEndpoint.Url(profile));
    }

    public sealed record Found(Person User, ContactStatus Relationship);

    public sealed record PasswordRequest(string CurrentPassword, string NewPassword);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", Me).WithTags("Profile").WithSummary("My profile.");
        api.MapPut("/me/picture", SetPicture).WithTags("Profile")
            .WithSummary($"Replace my picture: the request body is a PNG, JPEG or WebP image of at most 2 MB and {ProfilePicture.MaxPixels / 1_000_000} megapixels; it is cropped to a 256×256 square.")
            .Accepts<byte[]>("image/png", "image/jpeg", "image/webp", "application/octet-stream")
            .WithMetadata(new BodyLimit(ProfilePicture.MaxUploadBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPut("/me/password", ChangePassword).WithTags("Profile")
            .WithSummary("Change my password: the current one and a new one of 8 to 256 characters. Every other session of the account ends (its tokens stop working, its hub connections close); this one stays signed in.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/users", Search).WithTags("Profile")
            .WithSummary("Search people by the start of their username or any word of their name (20 a page).")
            .ProducesProblem(StatusCodes.Status400BadRequest).Paced(Pace.Searches);
    }

    private static async Task<Ok<Person>> Me(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(Person.Of((await grains.GetGrain<IUserGrain>(http.User.UserId()).GetProfile())!));

    private static async Task<Results<Ok<Person>, ProblemHttpResult>> SetPicture(HttpContext http, IGrainFactory grains)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var (picture, error) = ProfilePictures.Read(body.ToArray());
        if (picture is null)
        {
            return error switch
            {
                AccountError.PictureTooLarge => ApiProblem.Of(StatusCodes.Status413PayloadTooLarge, "picture_too_large", AccountMessages.Describe(error)),
                AccountError.PictureTooManyPixels => ApiProblem.Of(StatusCodes.Status400BadRequest, "picture_too_many_pixels", AccountMessages.Describe(error)),
                _ => ApiProblem.Of(StatusCodes.Status400BadRequest, "picture_invalid", AccountMessages.Describe(AccountError.PictureInvalid)),
            };
        }
        return TypedResults.Ok(Person.Of(await grains.GetGrain<IUserGrain>(http.User.UserId()).SetPicture(picture)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(PasswordRequest request, HttpContext http, IGrainFactory grains, Paces paces, TimeProvider clock)
    {
        var result = await PasswordChange.Attempt(grains, paces, clock, http.User, request.CurrentPassword, request.NewPassword);
        if (result.Error == AccountError.None)
        {
            return TypedResults.NoContent();
        }
        var detail = AccountMessages.PasswordChangeRefused(result, clock.GetUtcNow());
        if (result.Until is { } until)
        {
            return ApiProblem.TryAgainLater(http, result.Error == AccountError.SlowedDown, until - clock.GetUtcNow(), detail);
        }
        return ApiProblem.Of(result.Error == AccountError.CurrentPasswordWrong ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest, ApiProblem.Code(result.Error), detail);
    }

    /// <summary>The directory pages by position; the cursor carries the next page number.</summary>
    private static async Task<Results<Ok<Page<Found>>, ProblemHttpResult>> Search(string query, string? cursor, HttpContext http, IGrainFactory grains)
    {
        var page = 0;
        if (query.Length is 0 or > SearchResults.MaxQueryLength)
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, "invalid_query", $"Search for 1 to {SearchResults.MaxQueryLength} characters.");
        }
        if (cursor is not null && (Paging.Decode(cursor) is not { } decoded || !int.TryParse(decoded, out page) || page < 1))
        {
            return Paging.InvalidCursor();
        }
        var results = await grains.GetGrain<IContactListGrain>(http.User.UserId()).Search(query, page);
        return TypedResults.Ok(new Page<Found>(
            [.. results.Results.Select(r => new Found(Person.Of(r.Profile), r.Relationship))],
            results.HasMore ? Paging.Encode((page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null));
    }
}
