using Microsoft.AspNetCore.Mvc.RazorPages;
using Viv.Accounts;
using Viv.Web.Accounts;

namespace Viv.Web.Pages;

public sealed class IndexModel(SignedInUser signedIn) : PageModel
{
    public UserProfile? Me { get; private set; }

    public async Task OnGet() => Me = await signedIn.Profile();
}
