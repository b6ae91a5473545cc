using Orleans.Concurrency;

namespace Viv.Accounts;

/// <summary>
/// Keyed by a random session id: one sign-in of a native or mobile client, holding the hash of its
/// current refresh token. Each refresh rotates the token; presenting an earlier one means it was
/// copied, so the whole session is revoked (refresh-token rotation with reuse detection).
/// </summary>
[Alias("viv.IDeviceSessionGrain")]
public interface IDeviceSessionGrain : IGrainWithGuidKey
{
    [Alias("Begin")]
    Task Begin(Guid userId, string refreshHash, DateTimeOffset expiresAt);

    [Alias("Refresh")]
    Task<RefreshResult> Refresh(string presentedHash, string nextHash, DateTimeOffset expiresAt);

    [Alias("Revoke")]
    Task Revoke();

    /// <summary>The user, while the session is neither revoked nor expired; asked on every API request.</summary>
    [AlwaysInterleave, Alias("GetActiveUser")]
    Task<Guid?> GetActiveUser();
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
