using Viv.Accounts;
using Viv.Telemetry;
using Viv.Web.Pacing;

namespace Viv.Web.Accounts;

/// <summary>The one way in by password, for the login page and the token endpoint alike.</summary>
public static class PasswordSignIn
{
    /// <summary>
    /// Paced per username before the password is hashed, so guessing one account's password from
    /// many places is slowed as much as from one, and nobody can make the server hash without end.
    /// </summary>
    public static async Task<SignInResult> Attempt(IGrainFactory grains, Paces paces, TimeProvider clock, string? username, string? password)
    {
        var result = await Try(grains, paces, clock, username, password);
        if (result.Outcome != SignInOutcome.SignedIn)
        {
            VivMetrics.SignInFailed(result.Outcome);
        }
        return result;
    }

    private static async Task<SignInResult> Try(IGrainFactory grains, Paces paces, TimeProvider clock, string? username, string? password)
    {
        if (!Username.TryParse(username, out var name, out _))
        {
            return SignInResult.Rejected;
        }
        if (await paces.Take(Pace.SignIns, name.Normalized) is { } wait)
        {
            return SignInResult.SlowedDown(clock.GetUtcNow() + wait);
        }
        return await grains.GetGrain<IUsernameGrain>(name.Normalized).SignIn(password ?? "");
    }
}
