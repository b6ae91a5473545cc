using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Viv.Accounts;
using Viv.Hosting;

namespace Viv.Web.Accounts;

public static class AccountsSetup
{
    /// <summary>Paths that answer 401 instead of redirecting a signed-out caller to the login page.</summary>
    private static readonly PathString[] MachinePaths = ["/hub", "/api", "/ringing", VideoMessages.VideoMessageEndpoints.PagePath];

    public const string AdministratorPolicy = "Administrator";

    private const string SessionClaim = "viv:session";

    /// <summary>Pages and the hub take the cookie or a bearer token, whichever the request carries.</summary>
    private const string CookieOrBearer = "CookieOrBearer";

    /// <summary>The API takes bearer tokens only, so no cookie can be ridden across sites to call it.</summary>
    public const string BearerPolicy = "Bearer";

    public static WebApplicationBuilder AddVivAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TokenOptions>(TokenOptions.Section);
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services
            .AddAuthentication(CookieOrBearer)
            .AddPolicyScheme(CookieOrBearer, CookieOrBearer, policy =>
            {
                policy.ForwardDefaultSelector = context =>
                    BearerAuthentication.TokenOf(context.Request) is null ? CookieAuthenticationDefaults.AuthenticationScheme : BearerAuthentication.SchemeName;
                policy.ForwardSignIn = CookieAuthenticationDefaults.AuthenticationScheme;
                policy.ForwardSignOut = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/Account/Login";
                cookie.Cookie.Name = "viv.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = Sessions.CookieLifetime;
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = RedirectPagesOnly;
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                cookie.Events.OnValidatePrincipal = Sessions.Validate;
                cookie.Events.OnCheckSlidingExpiration = Sessions.Slide;
            });
        // Administrators are named by username in configuration (Viv:Administrators:0=alice).
        var administrators = builder.Configuration.GetSection("Viv:Administrators").Get<string[]>() ?? [];
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorPolicy, policy => policy.RequireAssertion(
                context => context.User.Identity?.Name is { } name && administrators.Contains(name, StringComparer.OrdinalIgnoreCase)))
            .AddPolicy(BearerPolicy, policy => policy.AddAuthenticationSchemes(BearerAuthentication.SchemeName).RequireAuthenticatedUser());
        builder.Services.AddSingleton<Sessions>();
        builder.Services.AddScoped<SignedInUser>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication MapVivAccounts(this WebApplication app)
    {
        app.MapGet("/users/{id:guid}/picture", ProfilePictureEndpoint.Get).RequireAuthorization();
        app.MapGet("/meetings/{id:guid}.ics", Meetings.MeetingCalendarFile.Get).RequireAuthorization();
        Calls.RingingEndpoints.Map(app);
        VideoMessages.VideoMessageEndpoints.MapPages(app);
        return app;
    }

    /// <summary>Who is signed in, and through which session (the grain that decides on every request whether it still may).</summary>
    public static ClaimsPrincipal Principal(Guid userId, string username, Guid sessionId, string scheme = CookieAuthenticationDefaults.AuthenticationScheme) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Name, username), new Claim(SessionClaim, sessionId.ToString())],
            scheme));

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    /// <summary>The session a principal signed in with; null for a cookie issued before sessions were kept on the server.</summary>
    public static Guid? SessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionClaim), out var id) ? id : null;

    private static Task RedirectPagesOnly(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (MachinePaths.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
