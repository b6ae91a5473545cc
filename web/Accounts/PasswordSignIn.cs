using Viv.Accounts;

namespace Viv.Web.Accounts;

/// <summary>The one way in by password, for the login page and the token endpoint alike.</summary>
public static class PasswordSignIn
{
    public static async Task<SignInResult> Attempt(IGrainFactory grains, string? username, string? password) =>
        Username.TryParse(username, out var name, out _)
            ? await grains.GetGrain<IUsernameGrain>(name.Normalized).SignIn(password ?? "")
            : SignInResult.Rejected;
}
