using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Viv.Web.Tests;

/// <summary>
/// A numbered call signal that is either within every size and type docs/api.md documents (often
/// exactly at a limit), or has one field that is not: over its limit, a number where text goes,
/// text where a number goes. The number rides in the SDP's origin line or the candidate's
/// foundation, so the receiving end can say which signals arrived.
/// </summary>
internal sealed partial record HostileSignal(JsonObject Json, bool WithinTheDocs, string What)
{
    // docs/api.md, "Placing a call": the documented limits of each field of a signal.
    private const int Sdp = 64 * 1024;
    private const int Candidate = 1024;
    private const int SdpMid = 64;
    private const int MaxSdpMLineIndex = 63;
    private const int UsernameFragment = 256;

    /// <summary>Over a limit, but well under the hub's 128 KB message, which would close the connection instead.</summary>
    private const int Oversized = 100_000;

    public static HostileSignal Make(Random random, int number) => random.Next(2) == 0 ? Description(random, number) : IceCandidate(random, number);

    public static int NumberOf(JsonElement signal) =>
        int.Parse(Number().Match(signal.GetProperty("description") is { ValueKind: JsonValueKind.Object } description
            ? description.GetProperty("sdp").GetString()!
            : signal.GetProperty("candidate").GetProperty("candidate").GetString()!).Groups[1].Value, CultureInfo.InvariantCulture);

    private static HostileSignal Description(Random random, int number)
    {
        var head = $"v=0\r\no=- {number} 0 IN IP4 0.0.0.0\r\n";
        var fields = new JsonObject { ["type"] = Pick(random, "offer", "answer"), ["sdp"] = Padded(head, Length(random, head.Length, Sdp)) };
        var (what, within) = random.Next(7) switch
        {
            0 => Set(fields, "sdp", Padded(head, random.Next(Sdp + 1, Oversized)), "an SDP over 64 KB"),
            1 => Set(fields, "sdp", JsonValue.Create(number), "an SDP that is a number"),
            2 => Set(fields, "type", "pranswer", "a type Viv does not relay"),
            3 => Set(fields, "type", JsonValue.Create(1), "a type that is a number"),
            _ => ("a description within the limits", true),
        };
        return new HostileSignal(new JsonObject { ["description"] = fields }, within, what);
    }

    private static HostileSignal IceCandidate(Random random, int number)
    {
        var head = $"candidate:{number} 1 udp 2122260223 192.0.2.1 54321 typ host";
        var fields = new JsonObject
        {
            ["candidate"] = Padded(head, Length(random, head.Length, Candidate)),
            ["sdpMid"] = random.Next(4) == 0 ? null : new string('m', Length(random, 0, SdpMid)),
            ["sdpMLineIndex"] = random.Next(4) == 0 ? null : random.Next(2) == 0 ? MaxSdpMLineIndex : random.Next(MaxSdpMLineIndex + 1),
            ["usernameFragment"] = random.Next(4) == 0 ? null : new string('u', Length(random, 4, UsernameFragment)),
        };
        var (what, within) = random.Next(16) switch
        {
            0 => Set(fields, "candidate", Padded(head, random.Next(Candidate + 1, Oversized)), "a candidate over 1 KB"),
            1 => Set(fields, "candidate", JsonValue.Create(number), "a candidate that is a number"),
            2 => Set(fields, "sdpMid", new string('m', random.Next(SdpMid + 1, Oversized)), "an sdpMid over 64 characters"),
            3 => Set(fields, "sdpMid", JsonValue.Create(0), "an sdpMid that is a number"),
            4 => Set(fields, "sdpMLineIndex", "0", "an sdpMLineIndex sent as a string"),
            5 => Set(fields, "sdpMLineIndex", Pick(random, MaxSdpMLineIndex + 1, -1, int.MaxValue), "an sdpMLineIndex outside 0-63"),
            6 => Set(fields, "sdpMLineIndex", JsonValue.Create(1.5), "an sdpMLineIndex that is not a whole number"),
            7 => Set(fields, "usernameFragment", new string('u', random.Next(UsernameFragment + 1, Oversized)), "a usernameFragment over 256 characters"),
            8 => Set(fields, "usernameFragment", JsonValue.Create(4), "a usernameFragment that is a number"),
            _ => ("a candidate within the limits", true),
        };
        return new HostileSignal(new JsonObject { ["candidate"] = fields }, within, what);
    }

    private static (string What, bool Within) Set(JsonObject fields, string name, JsonNode? value, string what)
    {
        fields[name] = value;
        return (what, false);
    }

    /// <summary>A length from <paramref name="least"/> to <paramref name="limit"/>, exactly the limit one time in four.</summary>
    private static int Length(Random random, int least, int limit) => random.Next(4) == 0 ? limit : random.Next(least, limit + 1);

    private static string Padded(string head, int length) => head + new string('a', Math.Max(0, length - head.Length));

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    [GeneratedRegex(@"^(?:v=0\r\no=- |candidate:)(\d+) ")]
    private static partial Regex Number();
}
