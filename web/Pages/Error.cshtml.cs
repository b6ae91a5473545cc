using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Viv.Web.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string? RequestId { get; private set; }

    /// <summary>Shown for a browser's request to an address with nothing there (re-executed by the status-code pages).</summary>
    public bool Missing { get; private set; }

    public void OnGet(int? code)
    {
        Missing = code == StatusCodes.Status404NotFound;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
