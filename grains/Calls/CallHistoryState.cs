namespace Viv.Calls;

[GenerateSerializer, Alias("viv.call-history-state")]
public sealed class CallHistoryState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<CallRecord> Calls { get; set; } = [];
    [Id(1)] public int UnseenMissed { get; set; }
}
