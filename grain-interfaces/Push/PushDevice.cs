namespace Viv.Push;

/// <summary>
/// A device that asked to be rung when Viv is closed: where its push service takes pushes for it (the
/// subscription's endpoint), the keys they are encrypted for (RFC 8291: <c>p256dh</c>, <c>auth</c>, both
/// base64url), a label to tell it apart in Settings, and the sign-in it was added with: signing out
/// there stops it ringing.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.push-device")]
public sealed record PushDevice(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Endpoint,
    [property: Id(2)] string P256dh,
    [property: Id(3)] string Auth,
    [property: Id(4)] string Label,
    [property: Id(5)] DateTimeOffset AddedAt,
    [property: Id(6)] Guid? Session);

/// <summary>Why a device was not added, or <see cref="None"/> and its id.</summary>
[GenerateSerializer, Immutable, Alias("viv.push-device-added")]
public sealed record PushDeviceAdded([property: Id(0)] PushError Error, [property: Id(1)] Guid Id = default);

public enum PushError
{
    None,

    /// <summary>The endpoint is not an absolute URL of at most 2,048 characters.</summary>
    InvalidEndpoint,

    /// <summary>The endpoint is not at a push service this server sends to (<c>Viv:Push:Services</c>): it would post anywhere it is told.</summary>
    ServiceNotAllowed,

    /// <summary><c>p256dh</c> is not a P-256 public key, or <c>auth</c> not 16 bytes, in base64url.</summary>
    InvalidKeys,

    /// <summary>The label is empty or longer than 100 characters.</summary>
    InvalidLabel,

    /// <summary>Ten devices already; remove one first.</summary>
    TooManyDevices,
}
