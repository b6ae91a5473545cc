namespace Viv.Accounts;

/// <summary>Why a password change was refused (<see cref="AccountError.None"/> when it was made), and until when a lockout or slow-down lasts.</summary>
[GenerateSerializer, Immutable, Alias("viv.password-change-result")]
public sealed record PasswordChangeResult([property: Id(0)] AccountError Error, [property: Id(1)] DateTimeOffset? Until = null)
{
    public static readonly PasswordChangeResult Changed = new(AccountError.None);
}
