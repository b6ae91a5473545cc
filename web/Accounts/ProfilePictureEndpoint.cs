using Microsoft.Net.Http.Headers;
using Viv.Accounts;

namespace Viv.Web.Accounts;

public static class ProfilePictureEndpoint
{
    public static async Task<IResult> Get(Guid id, IGrainFactory grains, HttpContext http)
    {
        var user = grains.GetGrain<IUserGrain>(id);
        var profile = await user.GetProfile();
        if (profile is null)
        {
            return Results.NotFound();
        }
        // The URL carries the picture version, so a cached copy is right until the version changes.
        http.Response.Headers[HeaderNames.CacheControl] = "private, max-age=31536000, immutable";
        var picture = profile.PictureVersion is null ? null : await user.GetPicture();
        return picture is null
            ? Results.Text(InitialsAvatar.Svg(profile), "image/svg+xml")
            : Results.Bytes(picture.Bytes, picture.ContentType);
    }

    public static string Url(UserProfile profile) => $"/users/{profile.Id}/picture?v={profile.PictureVersion ?? 0}";
}
