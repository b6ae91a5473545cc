namespace Viv.Web.Calls;

/// <summary>
/// The <c>Viv:Ice</c> section: STUN and TURN servers handed to browsers before each call. Empty by
/// default, which is enough on one network (host candidates); the Internet needs at least STUN.
/// </summary>
public sealed class IceOptions
{
    public const string Section = "Viv:Ice";

    public List<IceServer> Servers { get; set; } = [];
}

/// <summary>One entry of RTCConfiguration.iceServers.</summary>
public sealed class IceServer
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
