using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viv.Accounts;
using Viv.Web.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Pages.Account;

/// <summary>Changing the password keeps this browser signed in and signs out every other session of the account.</summary>
[Authorize]
public sealed class PasswordModel(IGrainFactory grains, Paces paces, TimeProvider clock) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty(SupportsGet = true)] public bool Changed { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>Answers a change with a redirect, so reloading the page does not send the old password again.</summary>
    public async Task<IActionResult> OnPost()
    {
        var result = await PasswordChange.Attempt(grains, paces, clock, User, CurrentPassword, NewPassword);
        if (result.Error == AccountError.None)
        {
            return LocalRedirect("/Account/Password?changed=true");
        }
        Error = AccountMessages.PasswordChangeRefused(result, clock.GetUtcNow());
        Response.StatusCode = result.Until is null ? StatusCodes.Status400BadRequest : StatusCodes.Status429TooManyRequests;
        return Page();
    }
}
