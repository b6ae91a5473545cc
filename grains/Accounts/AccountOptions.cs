using System.ComponentModel.DataAnnotations;

namespace Viv.Accounts;

/// <summary>The <c>Viv:Accounts</c> configuration section: what a stored password costs to guess.</summary>
public sealed class AccountOptions
{
    public const string Section = "Viv:Accounts";

    /// <summary>
    /// PBKDF2-HMAC-SHA512 iterations per password hash (ASP.NET Core Identity's default). Each
    /// registration and sign-in spends one hash, about 110 ms of CPU here. Raising it upgrades each
    /// account at its next sign-in; the test servers lower it, as they shorten ring timeouts.
    /// </summary>
    [Range(1_000, 10_000_000)] public int PasswordHashIterations { get; set; } = 100_000;
}
