namespace Viv.Realtime;

/// <summary>Told to every open client of a user when that account signs in again somewhere.</summary>
[GenerateSerializer, Immutable, Alias("viv.signed-in-elsewhere")]
public sealed record SignedInElsewhere([property: Id(0)] DateTimeOffset At) : ClientEvent
{
    public override string Method => "signedInElsewhere";
}
