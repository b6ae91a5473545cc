using Viv.Accounts;
using Viv.Calls;
using Viv.Contacts;

namespace Viv.Web.Accounts;

/// <summary>The profile of whoever makes this request, loaded once per request for the layout and pages.</summary>
public sealed class SignedInUser(IHttpContextAccessor http, IGrainFactory grains)
{
    private UserProfile? _profile;

    public async Task<UserProfile?> Profile()
    {
        var principal = http.HttpContext?.User;
        if (_profile is null && principal?.Identity?.IsAuthenticated == true)
        {
            _profile = await grains.GetGrain<IUserGrain>(principal.UserId()).GetProfile();
        }
        return _profile;
    }

    /// <summary>Requests waiting for my answer, for the badge on the Contacts link.</summary>
    public async Task<int> UnseenMissedCalls() => await Profile() is { } me ? await grains.GetGrain<ICallHistoryGrain>(me.Id).GetUnseenMissed() : 0;

    /// <summary>Video messages left for me that I have not played, for the same badge.</summary>
    public async Task<int> UnplayedVideoMessages() => await Profile() is { } me ? await grains.GetGrain<Viv.VideoMessages.IVideoMessageBoxGrain>(me.Id).GetUnseenCount() : 0;

    public async Task<int> PendingRequests() => await Profile() is { } me ? await grains.GetGrain<IContactListGrain>(me.Id).GetPendingCount() : 0;
}
