using Microsoft.Extensions.Options;
using Viv.Telemetry;

namespace Viv.Web.Calls;

/// <summary>What a browser passes to <c>new RTCPeerConnection(…)</c>: the ICE servers and the transport policy.</summary>
public sealed record IceConfiguration(IReadOnlyList<IceServer> IceServers, string IceTransportPolicy);

/// <summary>Builds each user's ICE configuration, with TURN credentials of their own that expire.</summary>
public sealed class IceConfigurations(IOptionsMonitor<IceOptions> ice, IOptionsMonitor<TurnOptions> turn, TimeProvider clock)
{
    public IceConfiguration For(Guid userId)
    {
        var (fixedServers, policy) = (ice.CurrentValue.Servers, ice.CurrentValue.TransportPolicy);
        var relay = turn.CurrentValue;
        if (!relay.Enabled)
        {
            return new IceConfiguration(fixedServers, policy);
        }
        var expires = clock.GetUtcNow().AddMinutes(relay.CredentialLifetimeMinutes);
        var (username, credential) = TurnCredentials.Issue(relay.Secret!, userId, expires);
        VivMetrics.TurnCredentialIssued();
        return new IceConfiguration([.. fixedServers, new IceServer { Urls = relay.Urls, Username = username, Credential = credential }], policy);
    }
}
