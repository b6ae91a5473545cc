using Microsoft.Extensions.DependencyInjection;
using Viv.Hosting;
using Viv.Realtime;

namespace Viv.Accounts;

public sealed class DeviceSessionGrain(
    [PersistentState("session")] IPersistentState<DeviceSessionState> session,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IDeviceSessionGrain
{
    /// <summary>Enough earlier tokens to recognise a copied one long after it was rotated away.</summary>
    private const int RememberedTokens = 100;

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
    }

    public async Task<RefreshResult> Refresh(string presentedHash, string nextHash, DateTimeOffset expiresAt)
    {
        var outcome = !session.RecordExists ? RefreshOutcome.Unknown
            : State.Revoked ? RefreshOutcome.Revoked
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
        }
        else if (outcome == RefreshOutcome.Reused)
        {
            await Revoke();
        }
        return new RefreshResult(outcome, session.RecordExists ? State.UserId : Guid.Empty);
    }

    /// <summary>Closes the session's hub connections even when it was revoked already, so a revocation that failed halfway can be repeated.</summary>
    public async Task Revoke()
    {
        if (!session.RecordExists)
        {
            return;
        }
        if (!State.Revoked)
        {
            State.Revoked = true;
            await session.WriteStateAsync();
        }
        await GrainFactory.GetGrain<IPresenceGrain>(State.UserId).EndSession(this.GetPrimaryKey());
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

    private bool IsActive => session.RecordExists && !State.Revoked && clock.GetUtcNow() < State.ExpiresAt;
}
