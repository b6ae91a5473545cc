namespace Viv.Accounts;

/// <summary>
/// A login name, the one thing no two people share, so it is shown as @username wherever a full
/// name alone could pass for someone else. Only a-z, digits and . _ -, folded to lower case: "Ana"
/// and "ana" are the same account, and no capital I can pass for an l, nor any other script's
/// letter for a Latin one. The folded form keys its <see cref="IUsernameGrain"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.username")]
public readonly record struct Username
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    // Id 0 was the name as typed, kept for display until names were folded.
    [Id(1)] public string Normalized { get; }

    private Username(string typed) => Normalized = typed.ToLowerInvariant();

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

    public override string ToString() => Normalized;
}
