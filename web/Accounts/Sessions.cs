using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Viv.Accounts;

namespace Viv.Web.Accounts;

/// <summary>
/// Every sign-in is a session kept on the server (an <see cref="IDeviceSessionGrain"/>), whether a
/// browser holds it as a cookie or a native client as tokens. The cookie names its session, and
/// the session's grain decides on every request whether the cookie still opens anything, so
/// signing out ends it at once, wherever a copy of the cookie is.
/// </summary>
public sealed class Sessions(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(14);

    /// <summary>Begins a browser's session and gives it the cookie.</summary>
    public async Task SignIn(HttpContext http, UserProfile user)
    {
        var sessionId = Guid.NewGuid();
        await grains.GetGrain<IDeviceSessionGrain>(sessionId).Begin(user.Id, "", clock.GetUtcNow() + CookieLifetime);
        await http.SignInAsync(AccountsSetup.Principal(user.Id, user.Username, sessionId));
    }

    /// <summary>Ends the session this principal signed in with, closing every hub connection it opened.</summary>
    public Task End(ClaimsPrincipal user) => user.SessionId() is { } session
        ? grains.GetGrain<ISessionListGrain>(user.UserId()).End(session)
        : Task.CompletedTask;

    /// <summary>Ends every session of the account, this one included.</summary>
    public Task EndAll(ClaimsPrincipal user) => grains.GetGrain<ISessionListGrain>(user.UserId()).EndAllBut(null);

    /// <summary>A cookie whose session ended (or whose account is gone with a wiped data directory) signs its visitor out.</summary>
    public static async Task Validate(CookieValidatePrincipalContext context)
    {
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (context.Principal?.SessionId() is not { } session
            || await grains.GetGrain<IDeviceSessionGrain>(session).GetActiveUser() != context.Principal.UserId())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>When the sliding cookie is renewed, its session lives as long as the new cookie.</summary>
    public static async Task Slide(CookieSlidingExpirationContext context)
    {
        if (context.ShouldRenew && context.Principal?.SessionId() is { } session)
        {
            var services = context.HttpContext.RequestServices;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            await services.GetRequiredService<IGrainFactory>().GetGrain<IDeviceSessionGrain>(session).Extend(now + CookieLifetime);
        }
    }
}
