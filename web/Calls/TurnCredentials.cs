using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Viv.Web.Calls;

/// <summary>
/// Time-limited TURN credentials in the TURN REST API scheme coturn checks with
/// <c>use-auth-secret</c>: the username is "expiry:userId" (expiry in Unix seconds) and the
/// password is base64(HMAC-SHA1(secret, username)). coturn recomputes it and refuses it once the
/// expiry has passed, so Viv stores nothing and nobody can stretch or forge one without the secret.
/// </summary>
public static class TurnCredentials
{
    public static (string Username, string Credential) Issue(string secret, Guid userId, DateTimeOffset expires)
    {
        var username = $"{expires.ToUnixTimeSeconds()}:{userId:N}";
        return (username, Sign(secret, username));
    }

    [SuppressMessage("Security", "CA5350", Justification = "The TURN REST API scheme that coturn verifies is HMAC-SHA1; the credential expires within the hour.")]
    public static string Sign(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
