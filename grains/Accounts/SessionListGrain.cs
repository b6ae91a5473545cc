using Microsoft.Extensions.DependencyInjection;
using Viv.Hosting;
using Viv.Push;

namespace Viv.Accounts;

/// <summary>
/// Ends sessions by revoking them first and forgetting them after, so a revocation that fails
/// halfway leaves them listed, and ending them again finishes the job.
/// </summary>
[CollectionAgeLimit(Minutes = Occasional.IdleMinutes)]
public sealed class SessionListGrain(
    [PersistentState("sessions")] IPersistentState<SessionListState> list,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, ISessionListGrain
{
    private List<ListedSession> Sessions => list.State.Sessions;

    public async Task Track(Guid sessionId, DateTimeOffset expiresAt)
    {
        await ForgetExpired();
        Sessions.Add(new ListedSession(sessionId, expiresAt));
        var oldest = Sessions.Take(Math.Max(0, Sessions.Count - ISessionListGrain.MaxSessions)).ToList();
        await End(oldest);
    }

    public Task End(Guid sessionId) => End(Sessions.FindAll(s => s.Id == sessionId));

    public Task EndAllBut(Guid? keep) => End(Sessions.FindAll(s => s.Id != keep));

    public Task<int> GetCount() => Task.FromResult(Sessions.Count);

    private async Task End(List<ListedSession> ending)
    {
        await Task.WhenAll(ending.Select(s => GrainFactory.GetGrain<IDeviceSessionGrain>(s.Id).Revoke()));
        Sessions.RemoveAll(ending.Contains);
        await list.WriteStateAsync();
        await StopRinging(ending);
    }

    /// <summary>A device rung when Viv is closed rings only while the sign-in that added it lasts.</summary>
    private Task StopRinging(List<ListedSession> ended) =>
        ended.Count == 0 ? Task.CompletedTask : GrainFactory.GetGrain<IPushDevicesGrain>(this.GetPrimaryKey()).ForgetSessions([.. ended.Select(s => s.Id)]);

    /// <summary>Asks the sessions past the expiry last seen whether something extended them; the others leave the list.</summary>
    private async Task ForgetExpired()
    {
        var now = clock.GetUtcNow();
        var due = Sessions.FindAll(s => s.ExpiresAt <= now);
        var expiries = await Task.WhenAll(due.Select(s => GrainFactory.GetGrain<IDeviceSessionGrain>(s.Id).GetExpiry()));
        foreach (var (session, expiry) in due.Zip(expiries))
        {
            var index = Sessions.IndexOf(session);
            if (expiry is { } later)
            {
                Sessions[index] = session with { ExpiresAt = later };
            }
            else
            {
                Sessions.RemoveAt(index);
            }
        }
        await StopRinging([.. due.Where(s => !Sessions.Any(kept => kept.Id == s.Id))]);
    }
}
