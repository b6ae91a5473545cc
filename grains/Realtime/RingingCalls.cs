using Viv.Calls;

namespace Viv.Realtime;

/// <summary>
/// The calls ringing a person now, as their presence saw them go by: a page opened while one rings (from
/// a push notification, or just opened) rings too, instead of showing nothing until the caller gives up.
/// </summary>
internal sealed class RingingCalls(TimeProvider clock)
{
    private readonly Dictionary<Guid, IncomingCall> _calls = [];

    /// <summary>Keeps a ringing that starts and forgets one that stops, answered here or elsewhere.</summary>
    public void Saw(ClientEvent clientEvent)
    {
        switch (clientEvent)
        {
            case IncomingCall incoming:
                _calls[incoming.CallId] = incoming;
                break;
            case CallEnded ended:
                _calls.Remove(ended.CallId);
                break;
            case CallAnsweredElsewhere answered:
                _calls.Remove(answered.CallId);
                break;
        }
    }

    /// <summary>
    /// Those still ringing. One past its end is dropped even if nobody said it stopped: a room lost with
    /// its silo while it rang never does.
    /// </summary>
    public IReadOnlyList<IncomingCall> Now()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, call) in _calls.Where(c => c.Value.RingsUntil <= now).ToList())
        {
            _calls.Remove(id);
        }
        return [.. _calls.Values];
    }
}
