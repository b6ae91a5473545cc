namespace Viv.Realtime;

/// <summary>Where some of a user's connections are: the web node's relay and the connection ids it holds.</summary>
[GenerateSerializer, Immutable, Alias("viv.route")]
public sealed record Route([property: Id(0)] IClientRelay Relay, [property: Id(1)] IReadOnlyList<string> ConnectionIds);
