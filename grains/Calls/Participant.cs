using Viv.Realtime;

namespace Viv.Calls;

/// <summary>Someone in a call: the tab taking part, and when the call was connected for them.</summary>
internal sealed class Participant(CallEnd end)
{
    public CallEnd End { get; set; } = end;

    /// <summary>When they were first in the call with someone else; null while the caller is still ringing.</summary>
    public DateTimeOffset? ConnectedAt { get; set; }

    /// <summary>Runs while their connection is lost; if it fires, they leave.</summary>
    public IGrainTimer? Grace { get; set; }

    public void StopGrace()
    {
        Grace?.Dispose();
        Grace = null;
    }

    /// <summary>Tells the tab taking part, not the person's other tabs.</summary>
    public Task Tell(ClientEvent clientEvent) => End.Relay.Deliver([End.ConnectionId], clientEvent);
}
