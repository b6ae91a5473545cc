using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lib.Net.Http.WebPush.Authentication;

namespace Viv.Push;

/// <summary>
/// The VAPID token a push carries (RFC 8292): a JWT signed with ES256 by the server's key, naming the
/// push service's origin (<c>aud</c>), a time within a day (<c>exp</c>) and the operator (<c>sub</c>).
/// Made here rather than by Lib.Net.Http.WebPush, which names the origin without its port (against the
/// RFC: the browsers' services on 443 cannot tell, one on another port refuses the token), and handed to
/// it through its token cache.
/// </summary>
public static class VapidToken
{
    /// <summary>How long a token is good for: well under the day a push service accepts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static string For(Uri endpoint, VapidKeys keys, string subject, DateTimeOffset now)
    {
        var header = Part(new { typ = "JWT", alg = "ES256" });
        var claims = Part(new { aud = endpoint.GetLeftPart(UriPartial.Authority), exp = (now + Lifetime).ToUnixTimeSeconds(), sub = subject });
        var point = Base64Url.DecodeFromChars(keys.PublicKey);
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64Url.DecodeFromChars(keys.PrivateKey),
            Q = new ECPoint { X = point[1..33], Y = point[33..65] },
        });
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{claims}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The library's authentication for one push: the server's keys, with this token whatever audience it asks for.</summary>
    public static VapidAuthentication Authentication(Uri endpoint, VapidKeys keys, string subject, DateTimeOffset now) =>
        new(keys.PublicKey, keys.PrivateKey) { Subject = subject, TokenCache = new Given(For(endpoint, keys, subject, now)) };

    private static string Part(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    private sealed class Given(string token) : IVapidTokenCache
    {
        public string Get(string audience) => token;

        public void Put(string audience, DateTimeOffset expiration, string token)
        {
        }
    }
}
