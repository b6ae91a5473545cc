using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Viv.Accounts;
using Viv.Calls;
using Viv.Web.Accounts;

namespace Viv.Web.Pages;

/// <summary>The call history, newest first. Opening it counts the missed calls as seen.</summary>
[Authorize]
public sealed class CallsModel(IGrainFactory grains) : PageModel
{
    private const int Shown = 100;

    public IReadOnlyList<CallRow> Calls { get; private set; } = [];

    public async Task OnGet()
    {
        var history = grains.GetGrain<ICallHistoryGrain>(User.UserId());
        var records = await history.GetRecent(Shown);
        var people = await Profiles(records.SelectMany(r => r.Others).Distinct());
        Calls = [.. records.Select(r => new CallRow(r, [.. r.Others.Select(people.GetValueOrDefault)]))];
        await history.MarkSeen();
    }

    private async Task<Dictionary<Guid, UserProfile>> Profiles(IEnumerable<Guid> ids)
    {
        var profiles = await Task.WhenAll(ids.Select(id => grains.GetGrain<IUserGrain>(id).GetProfile()));
        return profiles.OfType<UserProfile>().ToDictionary(p => p.Id);
    }

    /// <summary>One call: <see cref="With"/> holds null for someone whose account is gone.</summary>
    public sealed record CallRow(CallRecord Record, IReadOnlyList<UserProfile?> With)
    {
        public string Duration => Record.AnsweredAt is null ? "—" : Record.Duration.ToString(Record.Duration.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
    }
}
