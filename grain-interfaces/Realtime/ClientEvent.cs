using System.Text.Json.Serialization;

namespace Viv.Realtime;

/// <summary>
/// Something a grain tells a user's open clients. <see cref="Method"/> names the SignalR client
/// method; the record's other properties are the payload the browser receives.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.client-event")]
public abstract record ClientEvent
{
    [JsonIgnore]
    public abstract string Method { get; }
}
