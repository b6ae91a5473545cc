namespace Viv.Push;

/// <summary>
/// The server's VAPID key pair (RFC 8292), one for the whole deployment, made on first use and kept in
/// grain storage: the data directory's database in embedded mode, the cluster's storage in cluster mode,
/// so every node signs with the same key and a browser's subscription, bound to its public key, keeps
/// working across restarts. Key 0.
/// </summary>
[Alias("viv.IPushKeysGrain")]
public interface IPushKeysGrain : IGrainWithIntegerKey
{
    /// <summary>The public key, as a page passes it to <c>pushManager.subscribe({ applicationServerKey })</c>: an uncompressed P-256 point, base64url.</summary>
    [Alias("GetPublicKey")]
    Task<string> GetPublicKey();

    /// <summary>Both keys, for whatever in the cluster sends pushes; never for a browser.</summary>
    [Alias("GetKeys")]
    Task<VapidKeys> GetKeys();
}

/// <summary>A VAPID key pair, base64url: the public key an uncompressed P-256 point, the private key its 32-byte scalar.</summary>
[GenerateSerializer, Immutable, Alias("viv.vapid-keys")]
public sealed record VapidKeys([property: Id(0)] string PublicKey, [property: Id(1)] string PrivateKey);
