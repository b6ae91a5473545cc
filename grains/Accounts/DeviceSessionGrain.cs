using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viv.Hosting;
using Viv.Realtime;

namespace Viv.Accounts;

/// <summary>
/// A session is deleted from storage when it ends: at once when it is revoked, and by a daily
/// reminder once it has expired, so sessions of apps that were uninstalled and never came back do
/// not pile up.
/// </summary>
public sealed partial class DeviceSessionGrain(
    [PersistentState("session")] IPersistentState<DeviceSessionState> session,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock,
    ILogger<DeviceSessionGrain> logger) : Grain, IDeviceSessionGrain, IRemindable
{
    /// <summary>Enough earlier tokens to recognise a copied one long after it was rotated away.</summary>
    private const int RememberedTokens = 100;

    public const string ExpiryReminder = "expiry";

    /// <summary>How often an idle session looks at its expiry; an expired one is deleted within this long.</summary>
    private static readonly TimeSpan ExpiryCheck = TimeSpan.FromDays(1);

    /// <summary>
    /// Revoked while this activation lived. Its record is gone, but a refresh racing the revocation
    /// still hears "revoked"; once the grain is collected it hears "unknown", which the client treats alike.
    /// </summary>
    private bool _revoked;

    private DeviceSessionState State => session.State;

    public async Task Begin(Guid userId, string refreshHash, DateTimeOffset expiresAt)
    {
        if (session.RecordExists)
        {
            throw new InvalidOperationException($"Session {this.GetPrimaryKey()} already began.");
        }
        // Listed first: a session that began unlisted could outlive a password change.
        await GrainFactory.GetGrain<ISessionListGrain>(userId).Track(this.GetPrimaryKey(), expiresAt);
        session.State = new DeviceSessionState { UserId = userId, CurrentHash = refreshHash, ExpiresAt = expiresAt, StartedAt = clock.GetUtcNow() };
        await session.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ExpiryReminder, ExpiryCheck, ExpiryCheck);
    }

    public async Task<RefreshResult> Refresh(string presentedHash, string nextHash, DateTimeOffset expiresAt)
    {
        var outcome = _revoked || State.Revoked ? RefreshOutcome.Revoked
            : !session.RecordExists ? RefreshOutcome.Unknown
            : clock.GetUtcNow() >= State.ExpiresAt ? RefreshOutcome.Expired
            : presentedHash == State.CurrentHash ? RefreshOutcome.Rotated
            : State.EarlierHashes.Contains(presentedHash) ? RefreshOutcome.Reused
            : RefreshOutcome.Unknown;
        if (outcome == RefreshOutcome.Rotated)
        {
            State.EarlierHashes.Add(State.CurrentHash);
            if (State.EarlierHashes.Count > RememberedTokens)
            {
                State.EarlierHashes.RemoveAt(0);
            }
            State.CurrentHash = nextHash;
            State.ExpiresAt = expiresAt;
            await session.WriteStateAsync();
            return new RefreshResult(outcome, State.UserId);
        }
        if (outcome == RefreshOutcome.Reused)
        {
            LogReused(this.GetPrimaryKey(), State.UserId);
            await Revoke();
        }
        else if (outcome is RefreshOutcome.Revoked or RefreshOutcome.Expired)
        {
            await End();
        }
        return new RefreshResult(outcome, Guid.Empty);
    }

    public async Task Revoke()
    {
        if (!session.RecordExists)
        {
            return;
        }
        _revoked = true;
        // The connections close before the record goes, so a revocation that failed halfway, repeated, still knows whose they are.
        await GrainFactory.GetGrain<IPresenceGrain>(State.UserId).EndSession(this.GetPrimaryKey());
        await End();
    }

    public async Task Extend(DateTimeOffset expiresAt)
    {
        if (IsActive && expiresAt > State.ExpiresAt)
        {
            State.ExpiresAt = expiresAt;
            await session.WriteStateAsync();
        }
    }

    public Task<Guid?> GetActiveUser() => Task.FromResult<Guid?>(IsActive ? State.UserId : null);

    public Task<DateTimeOffset?> GetExpiry() => Task.FromResult<DateTimeOffset?>(IsActive ? State.ExpiresAt : null);

    private bool IsActive => session.RecordExists && !_revoked && !State.Revoked && clock.GetUtcNow() < State.ExpiresAt;

    /// <summary>A Warning: two clients holding one refresh token means one of them stole it.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "A refresh token of session {SessionId} (user {UserId}) was used twice, so it may have been copied: the session is revoked")]
    private partial void LogReused(Guid sessionId, Guid userId);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!session.RecordExists || State.Revoked || clock.GetUtcNow() >= State.ExpiresAt)
        {
            await End();
        }
    }

    private async Task End()
    {
        if (session.RecordExists)
        {
            await session.ClearStateAsync();
        }
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
