using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Viv.Web.Pages;

/// <summary>Search and the contact list; both are filled and kept live by the page's scripts over the hub.</summary>
[Authorize]
public sealed class ContactsModel : PageModel
{
    public void OnGet()
    {
    }
}
