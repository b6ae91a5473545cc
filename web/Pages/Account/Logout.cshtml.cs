using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viv.Web.Accounts;

namespace Viv.Web.Pages.Account;

/// <summary>Ends this browser's session on the server, not only its cookie: a copy of the cookie opens nothing afterwards.</summary>
public sealed class LogoutModel(Sessions sessions) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPost()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await sessions.End(User);
        }
        return await SignedOut();
    }

    /// <summary>Ends every session of the account: other browsers, phones and native clients too.</summary>
    public async Task<IActionResult> OnPostEverywhere()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await sessions.EndAll(User);
        }
        return await SignedOut();
    }

    private async Task<IActionResult> SignedOut()
    {
        await HttpContext.SignOutAsync();
        return LocalRedirect("/Account/Login");
    }
}
