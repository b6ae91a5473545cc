using System.Globalization;
using System.Text;

namespace Viv.Contacts;

/// <summary>How names are matched: lower case, without diacritics, by word prefix.</summary>
public static class SearchText
{
    public static string Normalize(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                space = kept.Length > 0;
                continue;
            }
            if (space)
            {
                kept.Append(' ');
                space = false;
            }
            kept.Append(c);
        }
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The words a user is found by: the username, the whole full name, and each of its words.</summary>
    public static IReadOnlyList<string> WordsOf(string username, string fullName)
    {
        var name = Normalize(fullName);
        return [.. new[] { Normalize(username), name }.Concat(name.Split(' ')).Where(w => w.Length > 0).Distinct()];
    }

    /// <summary>The directory shard a word (or a query for it) lives in: its first letter.</summary>
    public static string ShardOf(string normalizedWord) => StringInfo.GetNextTextElement(normalizedWord);
}
