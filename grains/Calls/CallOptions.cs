using System.ComponentModel.DataAnnotations;

namespace Viv.Calls;

/// <summary>The <c>Viv:Calls</c> configuration section.</summary>
public sealed class CallOptions
{
    public const string Section = "Viv:Calls";

    /// <summary>How long a call rings before it ends as missed.</summary>
    [Range(1, 600)] public int RingTimeoutSeconds { get; set; } = 20;

    /// <summary>How long a participant whose network dropped has to reconnect before the call ends.</summary>
    [Range(1, 600)] public int ReconnectGraceSeconds { get; set; } = 15;

    /// <summary>
    /// Participants plus people being rung. Each browser sends its media once per other
    /// participant (a mesh), so upload bandwidth sets the limit, not the server.
    /// </summary>
    [Range(2, 50)] public int MaxParticipants { get; set; } = 6;
}
