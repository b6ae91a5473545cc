using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Viv.Accounts;

namespace Viv.Web.Accounts;

/// <summary>
/// Issues and reads bearer tokens. An access token is the user, their session and an expiry,
/// sealed with the same Data Protection keys as the cookies (shared through Redis in cluster mode),
/// so any web node can read it. A refresh token is the session id and a random secret; only the
/// secret's hash is kept, by the session's grain.
/// </summary>
public sealed class AccessTokens(IDataProtectionProvider protection, IGrainFactory grains, IOptions<TokenOptions> options, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _seal = protection.CreateProtector("Viv.AccessToken.v1").ToTimeLimitedDataProtector();

    private TokenOptions Options => options.Value;

    /// <summary>Starts a session for a user who just proved their password.</summary>
    public async Task<TokenPair> Begin(UserProfile user)
    {
        var sessionId = Guid.NewGuid();
        var refresh = NewRefreshToken(sessionId);
        await grains.GetGrain<IDeviceSessionGrain>(sessionId).Begin(user.Id, Hash(refresh), RefreshExpiry());
        return Pair(user.Id, user.Username, sessionId, refresh);
    }

    /// <summary>Rotates a refresh token; null with the reason when it cannot be used.</summary>
    public async Task<(TokenPair? Pair, RefreshOutcome Outcome)> Refresh(string refreshToken)
    {
        if (SessionOf(refreshToken) is not { } sessionId)
        {
            return (null, RefreshOutcome.Unknown);
        }
        var next = NewRefreshToken(sessionId);
        var result = await grains.GetGrain<IDeviceSessionGrain>(sessionId).Refresh(Hash(refreshToken), Hash(next), RefreshExpiry());
        if (result.Outcome != RefreshOutcome.Rotated || await grains.GetGrain<IUserGrain>(result.UserId).GetProfile() is not { } user)
        {
            return (null, result.Outcome);
        }
        return (Pair(user.Id, user.Username, sessionId, next), result.Outcome);
    }

    /// <summary>The signed-in principal an access token stands for, or null if it is forged, expired, or its session was revoked.</summary>
    public async Task<ClaimsPrincipal?> Read(string accessToken, string scheme)
    {
        string sealedText;
        try
        {
            sealedText = _seal.Unprotect(accessToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = sealedText.Split('|');
        if (parts.Length != 3 || !Guid.TryParse(parts[0], out var userId) || !Guid.TryParse(parts[1], out var sessionId)
            || await grains.GetGrain<IDeviceSessionGrain>(sessionId).GetActiveUser() != userId)
        {
            return null;
        }
        return AccountsSetup.Principal(userId, parts[2], sessionId, scheme);
    }

    private TokenPair Pair(Guid userId, string username, Guid sessionId, string refreshToken)
    {
        var expires = clock.GetUtcNow().AddSeconds(Options.AccessTokenSeconds);
        var access = _seal.Protect($"{userId}|{sessionId}|{username}", expires);
        return new TokenPair(access, "Bearer", Options.AccessTokenSeconds, refreshToken);
    }

    private DateTimeOffset RefreshExpiry() => clock.GetUtcNow().AddDays(Options.RefreshTokenDays);

    private static string NewRefreshToken(Guid sessionId) =>
        $"{sessionId:N}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    private static Guid? SessionOf(string refreshToken) =>
        refreshToken.Length < 33 || refreshToken[32] != '.' || !Guid.TryParseExact(refreshToken.AsSpan(0, 32), "N", out var id) ? null : id;

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>What a client keeps after signing in or refreshing (the shape of an OAuth 2.0 token response).</summary>
public sealed record TokenPair(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);
