using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viv.Accounts;
using Viv.Web.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Pages.Account;

// Room above the 2 MB picture limit, so a too-large picture gets a sentence instead of a bare 413.
[RequestSizeLimit(10 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 10 * 1024 * 1024)]
public sealed class RegisterModel(IGrainFactory grains, Paces paces, Sessions sessions) : PageModel
{
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public IFormFile? Picture { get; set; }

    public string? Error { get; private set; }

    /// <summary>
    /// Paced per client address before anything else, then the cheap checks, and the picture last:
    /// a taken name costs no decoding. The name grain checks again as it registers, so a race for
    /// one name still has one winner.
    /// </summary>
    public async Task<IActionResult> OnPost()
    {
        if (await paces.Take(Pace.Registrations, ClientAddress.Of(HttpContext)) is { } wait)
        {
            Error = SlowDown.After(Pace.Registrations, wait).Error;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        if (!Viv.Accounts.Username.TryParse(Username, out var username, out var error))
        {
            return Refuse(error);
        }
        if (await grains.GetGrain<IUsernameGrain>(username.Normalized).GetUserId() is not null)
        {
            return Refuse(AccountError.UsernameTaken);
        }
        var (picture, pictureError) = await ProfilePictures.Read(Picture);
        if (pictureError != AccountError.None)
        {
            return Refuse(pictureError);
        }
        var account = new NewAccount(username, FullName ?? "", Password ?? "", picture);
        var result = await grains.GetGrain<IUsernameGrain>(username.Normalized).Register(account);
        if (!result.Succeeded)
        {
            return Refuse(result.Error);
        }
        var profile = await grains.GetGrain<IUserGrain>(result.UserId!.Value).GetProfile();
        await sessions.SignIn(HttpContext, profile!);
        return LocalRedirect("/");
    }

    private PageResult Refuse(AccountError error)
    {
        Error = AccountMessages.Describe(error);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
