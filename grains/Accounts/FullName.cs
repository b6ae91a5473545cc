using System.Globalization;
using System.Text;

namespace Viv.Accounts;

/// <summary>
/// The name people see: any script, but nothing in it that passes for something else. Names are
/// not unique (two people may both be called John Smith); what tells people apart is the
/// @username shown beside the name. Length counts what a reader sees as characters.
/// </summary>
public static class FullName
{
    public const int MaxLength = 100;

    /// <summary>Enough for any script's stacked marks (Tibetan, Hebrew with cantillation); beyond it marks pile over other text.</summary>
    public const int MaxMarksInARow = 4;

    public static bool TryNormalize(string? raw, out string fullName, out AccountError error)
    {
        fullName = "";
        error = AccountError.FullNameCharacters;
        // Unpaired surrogates read as U+FFFD (and normalizing them throws); a real U+FFFD is broken text too.
        if ((raw ?? "").EnumerateRunes().Contains(Rune.ReplacementChar))
        {
            return false;
        }
        // Compatibility forms (full-width letters, ligatures, styled letters) become the plain ones.
        // Dropping a character can bring a mark next to the letter it belongs to, so normalize again.
        fullName = SingleSpaced(WithoutInvisibles((raw ?? "").Normalize(NormalizationForm.FormKC)).Normalize(NormalizationForm.FormKC));
        error = Check(fullName);
        return error == AccountError.None;
    }

    private static AccountError Check(string name)
    {
        var length = new StringInfo(name).LengthInTextElements;
        if (length == 0)
        {
            return AccountError.FullNameEmpty;
        }
        if (length > MaxLength)
        {
            return AccountError.FullNameTooLong;
        }
        if (name.EnumerateRunes().Any(IsUnseen))
        {
            return AccountError.FullNameCharacters;
        }
        if (MarksInARow(name) > MaxMarksInARow)
        {
            return AccountError.FullNameMarks;
        }
        // Script by word: "Ivan Петров" is two honest words, "Pаypal" with a Cyrillic а is one lie.
        var findings = name.Split(' ').Aggregate(UnicodeSecurity.Findings.None, (all, word) => all | UnicodeSecurity.Check(word));
        if ((findings & (UnicodeSecurity.Findings.MixedScripts | UnicodeSecurity.Findings.MixedNumbers)) != 0)
        {
            return AccountError.FullNameMixedScripts;
        }
        return findings == UnicodeSecurity.Findings.None ? AccountError.None : AccountError.FullNameMarks;
    }

    /// <summary>
    /// Drops what Unicode says to draw as nothing (Default_Ignorable_Code_Point): zero-width spaces,
    /// direction controls, byte-order marks, variation selectors, tag characters, Hangul fillers and
    /// the like. Unseen, they make two names look alike yet differ, hide a name from search, or
    /// reorder the text around it. Two stay where they do something visible: zero-width
    /// (non-)joiners between two non-ASCII characters (Persian, Indic scripts, emoji sequences), and
    /// the emoji and text presentation selectors right after an emoji.
    /// </summary>
    private static string WithoutInvisibles(string name)
    {
        var runes = name.EnumerateRunes().ToArray();
        var kept = new StringBuilder(name.Length);
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            var keep = rune.Value switch
            {
                0x200C or 0x200D => Joins(runes, i),
                0xFE0E or 0xFE0F => i > 0 && UnicodeSecurity.IsEmoji(runes[i - 1]),
                _ => !UnicodeSecurity.IsDefaultIgnorable(rune),
            };
            if (keep)
            {
                kept.Append(rune.ToString());
            }
        }
        return kept.ToString();
    }

    private static bool Joins(Rune[] runes, int at) =>
        at > 0 && at < runes.Length - 1 && Visible(runes[at - 1]) && Visible(runes[at + 1]);

    private static bool Visible(Rune rune) => !rune.IsAscii && !UnicodeSecurity.IsDefaultIgnorable(rune);

    /// <summary>Tabs, line breaks and every other space become one plain space between words.</summary>
    private static string SingleSpaced(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Controls, formatting characters, private-use and unassigned code points: each shows differently, or as nothing, depending on the font.</summary>
    private static bool IsUnseen(Rune rune) => rune.Value is not (0x200C or 0x200D) && Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
        or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;

    private static int MarksInARow(string name)
    {
        var (most, run) = (0, 0);
        foreach (var rune in name.EnumerateRunes())
        {
            run = Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? run + 1 : 0;
            most = Math.Max(most, run);
        }
        return most;
    }
}
