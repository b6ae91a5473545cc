using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Viv.Web.Pages;

/// <summary>Scheduling, the upcoming and past meetings; filled and kept live by meetings.js over the hub.</summary>
[Authorize]
public sealed class MeetingsModel : PageModel
{
    public void OnGet()
    {
    }
}
