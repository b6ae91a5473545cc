using System.Globalization;

namespace Viv.Accounts;

/// <summary>The name people see. Any script; length counts what a reader sees as characters.</summary>
public static class FullName
{
    public const int MaxLength = 100;

    public static bool TryNormalize(string? raw, out string fullName, out AccountError error)
    {
        fullName = (raw ?? "").Trim().Normalize(System.Text.NormalizationForm.FormC);
        var length = new StringInfo(fullName).LengthInTextElements;
        error = length switch
        {
            0 => AccountError.FullNameEmpty,
            > MaxLength => AccountError.FullNameTooLong,
            _ when fullName.Any(char.IsControl) => AccountError.FullNameCharacters,
            _ => AccountError.None,
        };
        return error == AccountError.None;
    }
}
