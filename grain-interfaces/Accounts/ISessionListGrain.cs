using Orleans.Concurrency;

namespace Viv.Accounts;

/// <summary>
/// Keyed by user id: every session of the account that may still be live (browsers and native
/// clients alike), so that signing out, signing out everywhere and a password change can end
/// them. Bounded: past <see cref="MaxSessions"/> the oldest is ended, and sessions that expired
/// leave the list at the next sign-in.
/// </summary>
[Alias("viv.ISessionListGrain")]
public interface ISessionListGrain : IGrainWithGuidKey
{
    /// <summary>Sessions one account may hold at once; a sign-in beyond them ends the oldest.</summary>
    const int MaxSessions = 50;

    /// <summary>Called by a session's grain as it begins.</summary>
    [Alias("Track")]
    Task Track(Guid sessionId, DateTimeOffset expiresAt);

    /// <summary>Ends one of this account's sessions (signing out); an id the account does not hold changes nothing.</summary>
    [Alias("End")]
    Task End(Guid sessionId);

    /// <summary>Ends every session of the account but <paramref name="keep"/> (the one that changed the password), or all of them.</summary>
    [Alias("EndAllBut")]
    Task EndAllBut(Guid? keep);

    [AlwaysInterleave, Alias("GetCount")]
    Task<int> GetCount();
}
