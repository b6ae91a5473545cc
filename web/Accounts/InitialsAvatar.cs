using System.Globalization;
using System.Net;
using Viv.Accounts;

namespace Viv.Web.Accounts;

/// <summary>The picture of someone who gave none: their initials on a colour derived from their id.</summary>
public static class InitialsAvatar
{
    private static readonly string[] Palette = ["#1565c0", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#ef6c00", "#4527a0", "#37474f"];

    public static string Svg(UserProfile user)
    {
        var colour = Palette[(int)((uint)user.Id.GetHashCode() % Palette.Length)];
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="{WebUtility.HtmlEncode(user.FullName)}">
            <rect width="100" height="100" fill="{colour}"/>
            <text x="50" y="50" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="40" fill="#fff">{WebUtility.HtmlEncode(Initials(user.FullName))}</text>
            </svg>
            """;
    }

    public static string Initials(string fullName)
    {
        var words = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = words.Length > 0 ? FirstLetter(words[0]) : "?";
        var last = words.Length > 1 ? FirstLetter(words[^1]) : "";
        return (first + last).ToUpper(CultureInfo.CurrentCulture);
    }

    private static string FirstLetter(string word) => StringInfo.GetNextTextElement(word);
}
