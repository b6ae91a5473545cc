using System.Security.Cryptography;

namespace Viv.VideoMessages;

/// <summary>
/// A message's file encrypted at rest: AES-256-GCM under a key of its own, which only its recipient's
/// grain state holds, bound to the message id (a file moved under another id does not open). Deleting
/// the entry leaves a file nobody can read.
/// </summary>
internal static class SealedFile
{
    private const int NonceBytes = 12, TagBytes = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static byte[] Seal(Guid id, byte[] key, byte[] plain)
    {
        var sealedFile = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedFile.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedFile.AsSpan(NonceBytes + TagBytes), sealedFile.AsSpan(NonceBytes, TagBytes), id.ToByteArray());
        return sealedFile;
    }

    public static byte[] Open(Guid id, byte[] key, byte[] sealedFile)
    {
        var plain = new byte[sealedFile.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedFile.AsSpan(0, NonceBytes), sealedFile.AsSpan(NonceBytes + TagBytes), sealedFile.AsSpan(NonceBytes, TagBytes), plain, id.ToByteArray());
        return plain;
    }
}
