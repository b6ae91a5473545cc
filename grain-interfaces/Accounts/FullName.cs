using System.Globalization;
using System.Text;

namespace Viv.Accounts;

/// <summary>The name people see. Any script; length counts what a reader sees as characters.</summary>
public static class FullName
{
    public const int MaxLength = 100;

    public static bool TryNormalize(string? raw, out string fullName, out AccountError error)
    {
        fullName = WithoutInvisibles((raw ?? "").Normalize(NormalizationForm.FormC)).Trim();
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

    /// <summary>
    /// Drops characters nobody sees: zero-width spaces, joiners, byte-order marks and direction
    /// controls. Unseen, they make two names look alike yet differ, hide a name from search, or
    /// reorder the text around a name. Zero-width (non-)joiners stay between two non-ASCII
    /// characters, where Persian, Indic scripts and emoji sequences need them.
    /// </summary>
    private static string WithoutInvisibles(string name)
    {
        var kept = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var joiner = c is '\u200C' or '\u200D';
            if (joiner ? !Joins(name, i) : IsInvisible(c))
            {
                continue;
            }
            kept.Append(c);
        }
        return kept.ToString();
    }

    private static bool IsInvisible(char c) => c is '\u00AD' or '\u061C' or '\u180E' or '\uFEFF'
        or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2069');

    private static bool Joins(string name, int at) =>
        at > 0 && at < name.Length - 1 && name[at - 1] > '\u007F' && name[at + 1] > '\u007F'
        && !IsInvisible(name[at - 1]) && !IsInvisible(name[at + 1]);
}
