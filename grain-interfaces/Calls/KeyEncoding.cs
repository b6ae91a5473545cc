using System.Buffers.Text;

namespace Viv.Calls;

/// <summary>
/// How the binary fields of an encrypted call's keys travel in JSON: base64url without padding
/// (RFC 4648 §5), as the browser writes them. The server checks only their encoding and length: it
/// never reads a key.
/// </summary>
public static class KeyEncoding
{
    /// <summary>An X25519 public key, a device's identity.</summary>
    public const int PublicKeyBytes = 32;

    /// <summary>
    /// Whether <paramref name="text"/> is exactly <paramref name="bytes"/> bytes in canonical base64url:
    /// no padding, no whitespace, no other alphabet, and no stray bits in its last character, so that
    /// one key has one spelling and comparing spellings compares keys.
    /// </summary>
    public static bool Holds(string? text, int bytes) =>
        text is not null && text.Length == Base64Url.GetEncodedLength(bytes) && text.All(c => Sextet(c) >= 0)
        && (Sextet(text[^1]) & ((1 << (text.Length * 6 - bytes * 8)) - 1)) == 0;

    /// <summary>The six bits a base64url character stands for, or −1 for any other character.</summary>
    private static int Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
