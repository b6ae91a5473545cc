namespace Viv.Calls;

/// <summary>Keyed by user id: that user's calls, newest first, and how many missed calls they have not seen.</summary>
[Alias("viv.ICallHistoryGrain")]
public interface ICallHistoryGrain : IGrainWithGuidKey
{
    [Alias("Add")]
    Task Add(CallRecord record);

    [Alias("GetRecent")]
    Task<IReadOnlyList<CallRecord>> GetRecent(int count);

    [Alias("GetUnseenMissed")]
    Task<int> GetUnseenMissed();

    [Alias("MarkSeen")]
    Task MarkSeen();
}
