using System.Net;
using System.Net.Sockets;

namespace Viv.Web.Pacing;

/// <summary>
/// Who is asking when nobody is signed in: the client's address as the trusted proxy reported it
/// (<see cref="Hosting.ReverseProxy"/>). An IPv6 client usually holds a whole /64, so that is one
/// client; an IPv4 address may be a whole household or office, which then shares the budget.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { AddressFamily: AddressFamily.InterNetworkV6 } v6 => Prefix64(v6),
        var v4 => v4.ToString(),
    };

    private static string Prefix64(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
