using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Accounts;
using Viv.Web.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Api;

/// <summary>/api/v1/tokens: sign in with a password, keep the access token fresh, sign out.</summary>
public static class TokenEndpoints
{
    public sealed record SignInRequest(string Username, string Password);

    public sealed record RefreshRequest(string RefreshToken);

    public static void Map(RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapPost("/", SignIn).AllowAnonymous()
            .WithSummary("Sign in: username and password give an access token and a refresh token.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        tokens.MapPost("/refresh", Refresh).AllowAnonymous()
            .WithSummary("Trade a refresh token for a new pair. Each refresh token works once; using one twice revokes the session.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        tokens.MapDelete("/current", SignOut)
            .WithSummary("Sign out: revokes this session's access and refresh tokens at once and closes the hub connections opened with them.");
    }

    private static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> SignIn(SignInRequest request, IGrainFactory grains, Paces paces, AccessTokens tokens, TimeProvider clock, HttpContext http)
    {
        var result = await PasswordSignIn.Attempt(grains, paces, clock, request.Username, request.Password);
        if (result.User is { } user)
        {
            return TypedResults.Ok(await tokens.Begin(user));
        }
        var detail = AccountMessages.SignInRefused(result, clock.GetUtcNow());
        if (result.LockedUntil is not { } until)
        {
            return ApiProblem.Of(StatusCodes.Status401Unauthorized, "invalid_credentials", detail);
        }
        return ApiProblem.TryAgainLater(http, result.Outcome == SignInOutcome.SlowedDown, until - clock.GetUtcNow(), detail);
    }

    private static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> Refresh(RefreshRequest request, AccessTokens tokens)
    {
        var (pair, outcome) = await tokens.Refresh(request.RefreshToken);
        return pair is not null ? TypedResults.Ok(pair) : outcome switch
        {
            RefreshOutcome.Reused => ApiProblem.Of(StatusCodes.Status401Unauthorized, "refresh_token_reused",
                "This refresh token was already used, so it may have been copied: the session is now revoked. Sign in again."),
            RefreshOutcome.Revoked => ApiProblem.Of(StatusCodes.Status401Unauthorized, "session_revoked", "This session was signed out. Sign in again."),
            RefreshOutcome.Expired => ApiProblem.Of(StatusCodes.Status401Unauthorized, "session_expired", "This session expired. Sign in again."),
            _ => ApiProblem.Of(StatusCodes.Status401Unauthorized, "invalid_refresh_token", "This is not a refresh token Viv gave."),
        };
    }

    private static async Task<NoContent> SignOut(HttpContext http, Sessions sessions)
    {
        await sessions.End(http.User);
        return TypedResults.NoContent();
    }
}
