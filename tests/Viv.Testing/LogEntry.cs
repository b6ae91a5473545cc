using System.Text;
using System.Text.RegularExpressions;

namespace Viv.Testing;

/// <summary>
/// One entry of the console log in its simple format, as the embedded app writes it: a line
/// <c>info: Category[EventId]</c>, then the message (and any exception) indented below it.
/// </summary>
public sealed partial record LogEntry(string Level, string Category, string Message)
{
    public static IReadOnlyList<LogEntry> Parse(string output)
    {
        var entries = new List<LogEntry>();
        (string Level, string Category)? current = null;
        var message = new StringBuilder();
        foreach (var line in output.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            var header = Header().Match(line);
            if (current is not null && (header.Success || !line.StartsWith("      ", StringComparison.Ordinal)))
            {
                entries.Add(new LogEntry(current.Value.Level, current.Value.Category, message.ToString().TrimEnd()));
                (current, message) = (null, new StringBuilder());
            }
            if (header.Success)
            {
                current = (header.Groups["level"].Value, header.Groups["category"].Value);
            }
            else if (current is not null)
            {
                message.AppendLine(line.Trim());
            }
        }
        if (current is not null)
        {
            entries.Add(new LogEntry(current.Value.Level, current.Value.Category, message.ToString().TrimEnd()));
        }
        return entries;
    }

    [GeneratedRegex(@"^(?<level>trce|dbug|info|warn|fail|crit): (?<category>[^\[]+)\[-?\d+\]")]
    private static partial Regex Header();
}
