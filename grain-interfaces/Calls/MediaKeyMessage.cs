using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Viv.Calls;

/// <summary>
/// A sender's media key wrapped for one other participant's device (the browser's <c>key-wrap.js</c>):
/// <c>{ v: 1, call, kid, from, to, salt, iv, key }</c>, the sender's and the recipient's identity
/// public keys, the salt and IV of the wrapping and the wrapped key with its tag, in base64url. The
/// call room checks its shape and relays it as it came; only the recipient's device can open it.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.media-key-message")]
[JsonConverter(typeof(MediaKeyMessageJson))]
public sealed record MediaKeyMessage(
    [property: Id(0)] int V,
    [property: Id(1)] string Call,
    [property: Id(2)] long Kid,
    [property: Id(3)] string From,
    [property: Id(4)] string To,
    [property: Id(5)] string Salt,
    [property: Id(6)] string Iv,
    [property: Id(7)] string Key)
{
    public const int Version = 1;
    public const int SaltBytes = 16;
    public const int IvBytes = 12;

    /// <summary>A 16-byte media key and the 16-byte AES-GCM tag of its wrapping.</summary>
    public const int WrappedKeyBytes = 32;

    /// <summary>KIDs travel as JSON numbers: below 2^53, every JSON reader keeps them exact.</summary>
    public const long KidLimit = 1L << 53;

    /// <summary>Whether it is a well-formed message of call <paramref name="callId"/> (its id as the hub writes it).</summary>
    public bool IsValidFor(Guid callId) =>
        V == Version && Call == callId.ToString() && Kid is >= 0 and < KidLimit
        && KeyEncoding.Holds(From, KeyEncoding.PublicKeyBytes) && KeyEncoding.Holds(To, KeyEncoding.PublicKeyBytes)
        && KeyEncoding.Holds(Salt, SaltBytes) && KeyEncoding.Holds(Iv, IvBytes) && KeyEncoding.Holds(Key, WrappedKeyBytes);
}

/// <summary>
/// A key message as JSON, field for field as the browser writes it. A message with another shape (a
/// missing, extra or repeated field, a field of another type, a KID written other than as a plain
/// integer) reads as null, which the call room refuses in words; so what it relays is what came.
/// </summary>
internal sealed class MediaKeyMessageJson : JsonConverter<MediaKeyMessage>
{
    private static readonly string[] Fields = ["v", "call", "kid", "from", "to", "salt", "iv", "key"];

    public override MediaKeyMessage? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var json = JsonDocument.ParseValue(ref reader);
        var message = json.RootElement;
        if (message.ValueKind != JsonValueKind.Object || !message.EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal).SequenceEqual(Fields.Order(StringComparer.Ordinal)))
        {
            return null;
        }
        string? Text(string name) => message.GetProperty(name) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;
        long? Integer(string name) => message.GetProperty(name) is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var value)
            && number.GetRawText() == value.ToString(CultureInfo.InvariantCulture) ? value : null;
        return (Integer("v"), Text("call"), Integer("kid"), Text("from"), Text("to"), Text("salt"), Text("iv"), Text("key")) is
            ({ } v and >= int.MinValue and <= int.MaxValue, { } call, { } kid, { } from, { } to, { } salt, { } iv, { } key)
            ? new MediaKeyMessage((int)v, call, kid, from, to, salt, iv, key)
            : null;
    }

    public override void Write(Utf8JsonWriter writer, MediaKeyMessage message, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("v", message.V);
        writer.WriteString("call", message.Call);
        writer.WriteNumber("kid", message.Kid);
        writer.WriteString("from", message.From);
        writer.WriteString("to", message.To);
        writer.WriteString("salt", message.Salt);
        writer.WriteString("iv", message.Iv);
        writer.WriteString("key", message.Key);
        writer.WriteEndObject();
    }
}
