using System.Buffers.Text;
using System.Security.Cryptography;

namespace Viv.Push;

/// <summary>Which devices may be rung through push: a real subscription at a push service this server sends to.</summary>
public static class PushRules
{
    public const int MaxDevices = 10;
    public const int MaxEndpointLength = 2048;
    public const int MaxLabelLength = 100;

    /// <summary>The push services of Chrome and Edge, Firefox, Windows and Safari: endpoints on these hosts or their subdomains, over HTTPS.</summary>
    public static readonly IReadOnlyList<string> KnownServices = ["fcm.googleapis.com", "push.services.mozilla.com", "notify.windows.com", "push.apple.com"];

    public static PushError MayAdd(string? endpoint, string? p256dh, string? auth, string? label, IReadOnlyList<string> services, int devices, bool known) =>
        endpoint is null || endpoint.Length > MaxEndpointLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 ? PushError.InvalidEndpoint
        : !AtAllowedService(uri, services) ? PushError.ServiceNotAllowed
        : !IsPublicKey(p256dh) || Bytes(auth) is not { Length: 16 } ? PushError.InvalidKeys
        : string.IsNullOrWhiteSpace(label) || label.Trim().Length > MaxLabelLength || label.Any(char.IsControl) ? PushError.InvalidLabel
        : !known && devices >= MaxDevices ? PushError.TooManyDevices
        : PushError.None;

    private static bool AtAllowedService(Uri endpoint, IReadOnlyList<string> services) =>
        KnownServices.Concat(services).Any(service => service.Contains("://", StringComparison.Ordinal)
            ? string.Equals(endpoint.GetLeftPart(UriPartial.Authority), service.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            : endpoint.Scheme == Uri.UriSchemeHttps && (endpoint.IdnHost.Equals(service, StringComparison.OrdinalIgnoreCase)
                || endpoint.IdnHost.EndsWith($".{service}", StringComparison.OrdinalIgnoreCase)));

    /// <summary>An uncompressed point on P-256: what a browser's <c>getKey('p256dh')</c> gives.</summary>
    private static bool IsPublicKey(string? key)
    {
        if (Bytes(key) is not { Length: 65 } point || point[0] != 4)
        {
            return false;
        }
        try
        {
            using var imported = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[]? Bytes(string? base64Url)
    {
        if (base64Url is null || base64Url.Length > 200)
        {
            return null;
        }
        try
        {
            return Base64Url.DecodeFromChars(base64Url.TrimEnd('='));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
