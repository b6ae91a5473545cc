namespace Viv.Push;

/// <summary>
/// What one push says, as the service worker reads it (<see cref="Payload"/>, JSON), and how the push
/// service is to carry it: for how long it is worth delivering (<see cref="TimeToLiveSeconds"/>), how
/// urgently, and the <see cref="Topic"/> under which a later push replaces one not yet delivered.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.push-notice")]
public sealed record PushNotice(
    [property: Id(0)] string Payload,
    [property: Id(1)] int TimeToLiveSeconds,
    [property: Id(2)] bool Urgent,
    [property: Id(3)] string? Topic);
