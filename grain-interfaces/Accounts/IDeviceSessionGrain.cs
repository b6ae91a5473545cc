using Orleans.Concurrency;

namespace Viv.Accounts;

/// <summary>
/// Keyed by a random session id: one sign-in, of a browser (its cookie names the session) or of a
/// native or mobile client (holding the hash of its current refresh token). Each refresh rotates
/// the token; presenting an earlier one means it was copied, so the whole session is revoked
/// (refresh-token rotation with reuse detection). Every session is listed in its account's
/// <see cref="ISessionListGrain"/>, which ends it on sign-out or a password change; revoking it
/// closes the hub connections it opened.
/// </summary>
[Alias("viv.IDeviceSessionGrain")]
public interface IDeviceSessionGrain : IGrainWithGuidKey
{
    /// <summary>A browser's session has no refresh token: it passes an empty hash, which no presented token's hash equals.</summary>
    [Alias("Begin")]
    Task Begin(Guid userId, string refreshHash, DateTimeOffset expiresAt);

    [Alias("Refresh")]
    Task<RefreshResult> Refresh(string presentedHash, string nextHash, DateTimeOffset expiresAt);

    [Alias("Revoke")]
    Task Revoke();

    /// <summary>Moves a live session's expiry later, as a browser's sliding cookie is renewed; an ended one stays ended.</summary>
    [Alias("Extend")]
    Task Extend(DateTimeOffset expiresAt);

    /// <summary>The user, while the session is neither revoked nor expired; asked on every request and every hub connection.</summary>
    [AlwaysInterleave, Alias("GetActiveUser")]
    Task<Guid?> GetActiveUser();

    /// <summary>When the session expires if nothing extends it, while it is neither revoked nor expired.</summary>
    [AlwaysInterleave, Alias("GetExpiry")]
    Task<DateTimeOffset?> GetExpiry();
}

public enum RefreshOutcome
{
    Rotated,
    /// <summary>An earlier token of this session came back: the session is now revoked.</summary>
    Reused,
    Unknown,
    Revoked,
    Expired,
}

[GenerateSerializer, Immutable, Alias("viv.refresh-result")]
public sealed record RefreshResult([property: Id(0)] RefreshOutcome Outcome, [property: Id(1)] Guid UserId);
