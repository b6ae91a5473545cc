using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viv.Accounts;
using Viv.Web.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Pages.Account;

public sealed class LoginModel(IGrainFactory grains, Paces paces, Sessions sessions, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPost()
    {
        var result = await PasswordSignIn.Attempt(grains, paces, clock, Username, Password);
        if (result.User is { } user)
        {
            await sessions.SignIn(HttpContext, user);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        Error = AccountMessages.SignInRefused(result, clock.GetUtcNow());
        Response.StatusCode = result.Outcome == SignInOutcome.SlowedDown ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
        return Page();
    }
}
