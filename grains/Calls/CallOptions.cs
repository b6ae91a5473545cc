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
    /// After a call's room came back on another silo (its own died), how long it waits before letting go
    /// of participants whose tab no web node holds any more: longer than one presence renewal (15 s),
    /// which tells a presence grain lost with the silo of every live tab again.
    /// </summary>
    [Range(1, 600)] public int LostTabsCheckSeconds { get; set; } = 20;

    /// <summary>
    /// Participants plus people being rung. Without a media server each browser sends its media once
    /// per other participant (a mesh), so upload bandwidth sets the limit and it stays at most
    /// <see cref="CallRules.LargestMesh"/>; with one it may go up to <see cref="CallRules.LargestCall"/>.
    /// </summary>
    [Range(2, CallRules.LargestCall)] public int MaxParticipants { get; set; } = CallRules.LargestMesh;

    /// <summary>
    /// The most participants whose tabs connect to each other directly. When a call would grow past it
    /// and a media server is configured (<c>Viv:Media:Janus</c>), its media goes through the media
    /// server from then on: each tab sends once and receives everyone from there.
    /// </summary>
    [Range(2, CallRules.LargestMesh)] public int MeshLimit { get; set; } = 4;

    /// <summary>
    /// The most people whose video a tab receives in a call through a media server. In a larger call
    /// each tab receives the video of those who spoke last, and shows the others' pictures: a screen of
    /// 24 small videos helps nobody, and decoding them would take a laptop's whole processor.
    /// </summary>
    [Range(1, 50)] public int VideoLimit { get; set; } = 9;
}
