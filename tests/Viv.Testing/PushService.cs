using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Viv.Testing;

/// <summary>
/// A Web Push service as a browser vendor runs one (RFC 8030), on a loopback port, standing where no
/// public one can be reached. It hands out subscriptions whose keys it holds as a browser would, and
/// accepts a push only as the standards require: a VAPID token (RFC 8292) signed with ES256 by the key
/// it names, its audience this service's origin, its expiry within a day, its subject a mailto: or
/// https: address; a body encrypted for the subscription with aes128gcm (RFC 8291, RFC 8188), which it
/// decrypts. Each push it accepted is recorded with its TTL, Urgency and Topic. A test can make one
/// subscription answer 410 (gone) or 429 (with Retry-After) as real services do.
/// </summary>
public sealed class PushService : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, PushSubscriber> _subscribers = new();
    private readonly ConcurrentQueue<ReceivedPush> _received = new();
    private readonly ConcurrentQueue<string> _refused = new();
    private readonly Task _serving;

    private PushService(int port)
    {
        Origin = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Origin}");
        _listener.Start();
        _serving = Listening.Serve(_listener, context => _ = Task.Run(() => Answer(context)));
    }

    public Uri Origin { get; }

    public static PushService Start() => new(VivServer.FreePort());

    /// <summary>A new subscription, as <c>pushManager.subscribe()</c> gives a page: endpoint, p256dh and auth.</summary>
    public PushSubscriber Subscribe()
    {
        var subscriber = new PushSubscriber(new Uri(Origin, $"push/{Guid.NewGuid():N}"));
        _subscribers[subscriber.Endpoint.AbsolutePath] = subscriber;
        return subscriber;
    }

    /// <summary>Every push accepted so far, in the order they arrived.</summary>
    public IReadOnlyList<ReceivedPush> Received => [.. _received];

    /// <summary>Why each refused push was refused (a test expects none unless it sent a bad one).</summary>
    public IReadOnlyList<string> Refused => [.. _refused];

    private async Task Answer(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        if (request.HttpMethod != "POST" || !_subscribers.TryGetValue(request.Url!.AbsolutePath, out var subscriber))
        {
            Refuse(response, HttpStatusCode.NotFound, $"no subscription at {request.Url}");
        }
        else if (subscriber.Answer is { } answer)
        {
            response.StatusCode = (int)answer.Status;
            if (answer.RetryAfterSeconds is { } seconds)
            {
                response.Headers["Retry-After"] = $"{seconds}";
            }
            subscriber.Answer = answer.Once ? null : answer;
        }
        else if (Check(request, body.ToArray(), subscriber) is { } refusal)
        {
            Refuse(response, HttpStatusCode.BadRequest, refusal);
        }
        else
        {
            response.StatusCode = (int)HttpStatusCode.Created;
            response.Headers["Location"] = $"{Origin}message/{Guid.NewGuid():N}";
        }
        response.Close();
    }

    private void Refuse(HttpListenerResponse response, HttpStatusCode status, string why)
    {
        _refused.Enqueue(why);
        response.StatusCode = (int)status;
    }

    /// <summary>The reason the push must be refused, or null when it was accepted (and recorded).</summary>
    private string? Check(HttpListenerRequest request, byte[] body, PushSubscriber subscriber)
    {
        if (!int.TryParse(request.Headers["TTL"], out var ttl) || ttl < 0)
        {
            return "no TTL";
        }
        if (request.Headers["Content-Encoding"] != "aes128gcm")
        {
            return $"Content-Encoding {request.Headers["Content-Encoding"]}";
        }
        var (badToken, subject) = Vapid.Check(request.Headers["Authorization"], Origin);
        if (badToken is not null)
        {
            return badToken;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(subscriber.Decrypt(body));
        }
        catch (CryptographicException e)
        {
            return $"does not decrypt: {e.Message}";
        }
        _received.Enqueue(new ReceivedPush(subscriber.Endpoint, ttl, request.Headers["Urgency"] ?? "normal", request.Headers["Topic"], subject!, text, DateTimeOffset.UtcNow));
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    /// <summary>RFC 8292: <c>Authorization: vapid t=JWT, k=public key</c>.</summary>
    private static class Vapid
    {
        public static (string? Error, string? Subject) Check(string? authorization, Uri origin)
        {
            if (authorization is null || !authorization.StartsWith("vapid ", StringComparison.Ordinal))
            {
                return ("no vapid Authorization", null);
            }
            var parameters = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (!parameters.TryGetValue("t", out var token) || !parameters.TryGetValue("k", out var key))
            {
                return ("the vapid Authorization lacks t or k", null);
            }
            var parts = token.Split('.');
            if (parts.Length != 3)
            {
                return ("the token is not a JWT", null);
            }
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (header.RootElement.GetProperty("alg").GetString() != "ES256")
            {
                return ("the token is not ES256", null);
            }
            var point = Base64Url.DecodeFromChars(key);
            using var signer = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..65] } });
            if (point.Length != 65 || point[0] != 4
                || !signer.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
            {
                return ("the token's signature does not verify with k", null);
            }
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var audience = claims.RootElement.GetProperty("aud").GetString();
            var expires = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
            var subject = claims.RootElement.TryGetProperty("sub", out var sub) ? sub.GetString() : null;
            return audience != origin.GetLeftPart(UriPartial.Authority) ? ($"aud {audience} is not {origin.GetLeftPart(UriPartial.Authority)}", null)
                : expires < DateTimeOffset.UtcNow || expires > DateTimeOffset.UtcNow.AddHours(24) ? ($"exp {expires:O} is not within the next 24 h", null)
                : subject is null || !(subject.StartsWith("mailto:", StringComparison.Ordinal) || subject.StartsWith("https:", StringComparison.Ordinal)) ? ($"sub {subject} is not mailto: or https:", null)
                : (null, subject);
        }
    }
}

/// <summary>One subscription: the endpoint pushes go to, and the keys a browser would hold for it.</summary>
public sealed class PushSubscriber(Uri endpoint)
{
    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _auth = RandomNumberGenerator.GetBytes(16);

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The subscription's public key, as <c>getKey('p256dh')</c> gives it: an uncompressed P-256 point, base64url.</summary>
    public string P256dh => Base64Url.EncodeToString(PublicPoint);

    /// <summary>The authentication secret, as <c>getKey('auth')</c> gives it, base64url.</summary>
    public string Auth => Base64Url.EncodeToString(_auth);

    /// <summary>What the service answers pushes to this subscription instead of accepting them: 410, 429 with Retry-After, 500.</summary>
    public PushAnswer? Answer { get; set; }

    private byte[] PublicPoint
    {
        get
        {
            var q = _key.ExportParameters(false).Q;
            return [4, .. q.X!, .. q.Y!];
        }
    }

    /// <summary>RFC 8291 and RFC 8188: one aes128gcm record, keyed by ECDH with the sender's key in its header and the auth secret.</summary>
    public byte[] Decrypt(byte[] body)
    {
        if (body.Length < 21 + 65 + 17)
        {
            throw new CryptographicException("the body is shorter than an aes128gcm header and one record");
        }
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var keyIdLength = body[20];
        if (keyIdLength != 65 || body.Length - 21 - 65 > recordSize)
        {
            throw new CryptographicException("the header's key id is not a P-256 point, or the body holds more than one record");
        }
        var senderPoint = body[21..86];
        using var sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = senderPoint[1..33], Y = senderPoint[33..65] } });
        var shared = _key.DeriveRawSecretAgreement(sender.PublicKey);
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, _auth, [.. "WebPush: info\0"u8, .. PublicPoint, .. senderPoint]);
        var contentKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, [.. "Content-Encoding: aes128gcm\0"u8]);
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, [.. "Content-Encoding: nonce\0"u8]);
        var record = body[86..];
        var plain = new byte[record.Length - 16];
        using (var aes = new AesGcm(contentKey, 16))
        {
            aes.Decrypt(nonce, record[..^16], record[^16..], plain);
        }
        var end = Array.FindLastIndex(plain, b => b != 0);
        if (end < 0 || plain[end] != 2)
        {
            throw new CryptographicException("the record does not end with the last record's delimiter");
        }
        return plain[..end];
    }
}

/// <summary>How a push service answers a subscription's pushes for a while; <see cref="Once"/> answers so one push only.</summary>
public sealed record PushAnswer(HttpStatusCode Status, int? RetryAfterSeconds = null, bool Once = false);

/// <summary>One push the service accepted, decrypted.</summary>
public sealed record ReceivedPush(Uri Endpoint, int Ttl, string Urgency, string? Topic, string Subject, string Text, DateTimeOffset ArrivedAt);
