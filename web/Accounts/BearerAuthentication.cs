using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Viv.Web.Accounts;

/// <summary>
/// Reads an access token from <c>Authorization: Bearer</c>, or for the hub from the
/// <c>access_token</c> query parameter (browsers' and SignalR clients' WebSockets cannot set headers).
/// </summary>
public sealed class BearerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        return request.Path.StartsWithSegments(Realtime.RealtimeSetup.HubPath) && request.Query["access_token"] is [{ Length: > 0 } token]
            ? token
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }
        return await tokens.Read(token, SchemeName) is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
            : AuthenticateResult.Fail("The access token is invalid, expired or revoked.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = TokenOf(Request) is not null;
        Response.Headers[HeaderNames.WWWAuthenticate] = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Api.ApiProblem.Write(Context, StatusCodes.Status401Unauthorized, failed ? "invalid_token" : "unauthenticated",
            failed ? "The access token is invalid, expired or revoked: refresh it or sign in again." : "Send an access token: Authorization: Bearer <token>.");
    }
}
