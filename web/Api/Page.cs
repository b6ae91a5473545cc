using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Viv.Web.Api;

/// <summary>
/// One page of a list and the cursor to the next. Cursors are keyset: the opaque key of the last
/// item given, so a page never repeats or skips an item when others are added or removed meanwhile.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>
    /// The page after <paramref name="cursor"/> of <paramref name="items"/> in the ordinal order of
    /// <paramref name="key"/> (unique per item); null when the cursor or limit is not one this API gave.
    /// </summary>
    public static Page<T>? Of<T>(IEnumerable<T> items, Func<T, string> key, string? cursor, int? limit)
    {
        var size = limit ?? DefaultLimit;
        string? after = null;
        if (size is < 1 or > MaxLimit || (cursor is not null && (after = Decode(cursor)) is null))
        {
            return null;
        }
        var ordered = items.Select(item => (Key: key(item), Item: item))
            .Where(entry => after is null || string.CompareOrdinal(entry.Key, after) > 0)
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var page = ordered.Take(size).ToList();
        return new Page<T>([.. page.Select(e => e.Item)], ordered.Count > size ? Encode(page[^1].Key) : null);
    }

    public static string Encode(string key) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(key));

    public static string? Decode(string cursor)
    {
        try
        {
            return cursor.Length is > 0 and <= 200 ? Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A key that sorts newest first.</summary>
    public static string NewestFirst(DateTimeOffset at, Guid id) => $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}{id:N}";

    public static string OldestFirst(DateTimeOffset at, Guid id) => $"{at.UtcTicks:D19}{id:N}";

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult InvalidCursor() => ApiProblem.Of(StatusCodes.Status400BadRequest, "invalid_cursor",
        $"The cursor must be one this API returned, and the limit between 1 and {MaxLimit}.");
}
