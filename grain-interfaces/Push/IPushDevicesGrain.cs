using Orleans.Concurrency;

namespace Viv.Push;

/// <summary>Keyed by user id: the devices that asked to be rung when Viv is closed, and the pushes sent to them.</summary>
[Alias("viv.IPushDevicesGrain")]
public interface IPushDevicesGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Adds a device, or updates the one with that endpoint (a browser that subscribed again), for as long
    /// as <paramref name="session"/> lasts.
    /// </summary>
    [Alias("Add")]
    Task<PushDeviceAdded> Add(string? endpoint, string? p256dh, string? auth, string? label, Guid? session);

    /// <summary>These sign-ins ended (signed out, everywhere, or by a password change): their devices stop ringing.</summary>
    [Alias("ForgetSessions")]
    Task ForgetSessions(IReadOnlyList<Guid> sessions);

    [Alias("Remove")]
    Task<bool> Remove(Guid deviceId);

    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<PushDevice>> List();

    /// <summary>
    /// Sends a push to every device, off the caller's path: the caller never waits for a push service.
    /// A device its push service calls gone (404, 410) is removed; one answered 429 or 5xx is tried again
    /// after its Retry-After, or a backoff, while the push is still worth delivering. Past the person's
    /// budget (<c>Viv:Push:PerMinute</c>) a push that starts something is dropped.
    /// </summary>
    [OneWay, Alias("Push")]
    Task Push(PushNotice notice);
}
