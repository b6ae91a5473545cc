using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viv.Hosting;

namespace Viv.Accounts;

public sealed partial class DeviceSessionGrain(
    [PersistentState("session")] IPersistentState<DeviceSessionState> session,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock,
    ILogger<DeviceSessionGrain> logger) : Grain, IDeviceSessionGrain
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
            LogReused(this.GetPrimaryKey(), State.UserId);
            await Revoke();
        }
        return new RefreshResult(outcome, session.RecordExists ? State.UserId : Guid.Empty);
    }

    public async Task Revoke()
    {
        if (session.RecordExists && !State.Revoked)
        {
            State.Revoked = true;
            await session.WriteStateAsync();
        }
    }

    public Task<Guid?> GetActiveUser() => Task.FromResult<Guid?>(
        session.RecordExists && !State.Revoked && clock.GetUtcNow() < State.ExpiresAt ? State.UserId : null);

    /// <summary>A Warning: two clients holding one refresh token means one of them stole it.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "A refresh token of session {SessionId} (user {UserId}) was used twice, so it may have been copied: the session is revoked")]
    private partial void LogReused(Guid sessionId, Guid userId);
}
