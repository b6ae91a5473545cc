using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viv.Accounts;
using Viv.Web.Accounts;

namespace Viv.Web.Pages.Account;

public sealed class LoginModel(IGrainFactory grains, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPost()
    {
        var result = await PasswordSignIn.Attempt(grains, Username, Password);
        if (result.User is { } user)
        {
            await HttpContext.SignInAsync(AccountsSetup.Principal(user));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        Error = result.LockedUntil is { } until ? AccountMessages.LockedOut(until, clock.GetUtcNow()) : AccountMessages.SignInRejected;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
