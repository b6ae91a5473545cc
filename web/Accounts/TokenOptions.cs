using System.ComponentModel.DataAnnotations;

namespace Viv.Web.Accounts;

/// <summary>The <c>Viv:Tokens</c> section: lifetimes of the bearer tokens native and mobile clients use.</summary>
public sealed class TokenOptions
{
    public const string Section = "Viv:Tokens";

    /// <summary>An access token is checked against its session on every request, so a short life only limits a stolen copy.</summary>
    [Range(1, 24 * 60 * 60)] public int AccessTokenSeconds { get; set; } = 15 * 60;

    /// <summary>How long a session lives without a refresh; each refresh starts the period again.</summary>
    [Range(1, 3650)] public int RefreshTokenDays { get; set; } = 30;
}
