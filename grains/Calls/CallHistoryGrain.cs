using Viv.Hosting;
using Viv.Realtime;

namespace Viv.Calls;

[CollectionAgeLimit(Minutes = Occasional.IdleMinutes)]
public sealed class CallHistoryGrain(
    [PersistentState("calls")] IPersistentState<CallHistoryState> history) : Grain, ICallHistoryGrain
{
    /// <summary>Older calls are dropped; the history is a convenience, not an archive.</summary>
    public const int Kept = 500;

    public async Task Add(CallRecord record)
    {
        if (history.State.Calls.Any(c => c.CallId == record.CallId))
        {
            return;
        }
        history.State.Calls.Insert(0, record);
        if (history.State.Calls.Count > Kept)
        {
            history.State.Calls.RemoveRange(Kept, history.State.Calls.Count - Kept);
        }
        var missed = !record.Outgoing && record.Outcome == CallOutcome.Missed;
        if (missed)
        {
            history.State.UnseenMissed++;
        }
        await history.WriteStateAsync();
        if (missed)
        {
            await GrainFactory.GetGrain<IPresenceGrain>(this.GetPrimaryKey()).Deliver(new MissedCall(history.State.UnseenMissed));
        }
    }

    public Task<IReadOnlyList<CallRecord>> GetRecent(int count) =>
        Task.FromResult<IReadOnlyList<CallRecord>>([.. history.State.Calls.Take(Math.Clamp(count, 0, Kept))]);

    public Task<int> GetUnseenMissed() => Task.FromResult(history.State.UnseenMissed);

    public async Task MarkSeen()
    {
        if (history.State.UnseenMissed != 0)
        {
            history.State.UnseenMissed = 0;
            await history.WriteStateAsync();
        }
    }
}
