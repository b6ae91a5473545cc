using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Viv.Accounts;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher, plus a way to spend the same time on a name nobody owns.</summary>
public sealed class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 256;

    private readonly PasswordHasher<Passwords> _hasher;
    private readonly string _nobodysHash;

    public Passwords(IOptions<AccountOptions> options)
    {
        _hasher = new PasswordHasher<Passwords>(Options.Create(new PasswordHasherOptions { IterationCount = options.Value.PasswordHashIterations }));
        _nobodysHash = _hasher.HashPassword(this, Guid.NewGuid().ToString());
    }

    public static AccountError Check(string password) => password.Length switch
    {
        < MinLength => AccountError.PasswordTooShort,
        > MaxLength => AccountError.PasswordTooLong,
        _ => AccountError.None,
    };

    /// <summary>What is wrong with a change before the current password is even tried, so no refusal here counts as a failed sign-in.</summary>
    public static AccountError CheckChange(string current, string replacement) =>
        current.Length == 0 ? AccountError.CurrentPasswordMissing
        : Check(replacement) is var error and not AccountError.None ? error
        : replacement == current ? AccountError.PasswordUnchanged
        : AccountError.None;

    public string Hash(string password) => _hasher.HashPassword(this, password);

    public bool Verify(string hash, string password) => Verify(hash, password, out _);

    /// <summary>
    /// Whether the password matches; <paramref name="weakerThanConfigured"/> says a match was hashed
    /// with fewer iterations than <see cref="AccountOptions.PasswordHashIterations"/> asks for now.
    /// </summary>
    public bool Verify(string hash, string password, out bool weakerThanConfigured)
    {
        var result = password.Length <= MaxLength ? _hasher.VerifyHashedPassword(this, hash, password) : PasswordVerificationResult.Failed;
        weakerThanConfigured = result == PasswordVerificationResult.SuccessRehashNeeded;
        return result != PasswordVerificationResult.Failed;
    }

    /// <summary>Burns a verification's worth of time so an unknown name cannot be told apart by timing.</summary>
    public bool VerifyNobody(string password)
    {
        Verify(_nobodysHash, password);
        return false;
    }
}
