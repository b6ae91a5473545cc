namespace Viv.Web.Calls;

/// <summary>
/// The <c>Viv:Ice</c> section: fixed ICE servers (STUN) handed to browsers before each call, and
/// the transport policy. Empty by default, which is enough on one network (host candidates); the
/// Internet needs at least STUN, and TURN (<see cref="TurnOptions"/>) for the calls STUN cannot connect.
/// </summary>
public sealed class IceOptions
{
    public const string Section = "Viv:Ice";

    public List<IceServer> Servers { get; set; } = [];

    /// <summary>"all", or "relay" to send every call through TURN (for tests, or to hide users' addresses from each other).</summary>
    public string TransportPolicy { get; set; } = "all";
}

/// <summary>One entry of RTCConfiguration.iceServers.</summary>
public sealed class IceServer
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
