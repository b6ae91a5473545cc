using System.Security.Claims;
using Viv.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Accounts;

/// <summary>The one way to change a password, for the password page and the API alike.</summary>
public static class PasswordChange
{
    /// <summary>
    /// Paced from the same budget as signing in to the account, since a wrong current password is a
    /// guess like a wrong sign-in: a stolen session cannot guess faster than the login page.
    /// </summary>
    public static async Task<PasswordChangeResult> Attempt(IGrainFactory grains, Paces paces, TimeProvider clock, ClaimsPrincipal user, string? current, string? replacement)
    {
        if (!Username.TryParse(user.Identity?.Name, out var username, out _))
        {
            throw new InvalidOperationException("A signed-in principal carries its username.");
        }
        if (await paces.Take(Pace.SignIns, username.Normalized) is { } wait)
        {
            return new PasswordChangeResult(AccountError.SlowedDown, clock.GetUtcNow() + wait);
        }
        return await grains.GetGrain<IUserGrain>(user.UserId()).ChangePassword(current ?? "", replacement ?? "", user.SessionId()!.Value);
    }
}
