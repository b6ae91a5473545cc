namespace Viv.Accounts;

/// <summary>
/// A login name as typed, plus the normalized form that keys its <see cref="IUsernameGrain"/>.
/// Case is kept for display but ignored for uniqueness, so "Ana" and "ana" are the same account.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.username")]
public readonly record struct Username
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    [Id(0)] public string Display { get; }
    [Id(1)] public string Normalized { get; }

    private Username(string display)
    {
        Display = display;
        Normalized = display.ToLowerInvariant();
    }

    public static bool TryParse(string? raw, out Username username, out AccountError error)
    {
        username = default;
        var text = raw?.Trim() ?? "";
        if (text.Length is < MinLength or > MaxLength)
        {
            error = AccountError.UsernameLength;
            return false;
        }
        if (!text.All(IsAllowed))
        {
            error = AccountError.UsernameCharacters;
            return false;
        }
        username = new Username(text);
        error = AccountError.None;
        return true;
    }

    private static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-';

    public override string ToString() => Display;
}
