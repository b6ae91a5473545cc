using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Viv.Web.Hosting;

/// <summary>
/// On a public server Viv sits behind a proxy that ends TLS (nginx in the cluster). The proxy's
/// <c>X-Forwarded-Proto</c>, <c>X-Forwarded-For</c> and <c>X-Forwarded-Host</c> are believed from
/// loopback, and from the addresses in <c>Viv:TrustedProxies</c>, so a request that reached the
/// proxy over HTTPS is HTTPS here (the session cookie is then Secure and HSTS is sent), budgets kept
/// per client address see the client's, and the hub knows which site it is on. Anyone else's
/// forwarded headers are ignored.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "Viv:TrustedProxies";

    public static WebApplicationBuilder AddVivReverseProxy(this WebApplicationBuilder builder)
    {
        var trusted = builder.Configuration.GetSection(Section).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var address in trusted)
            {
                options.KnownProxies.Add(IPAddress.Parse(address));
            }
        });
        return builder;
    }
}
