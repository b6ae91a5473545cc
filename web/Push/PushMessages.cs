using Viv.Push;

namespace Viv.Web.Push;

/// <summary>A subscription as a browser's <c>PushSubscription.toJSON()</c> gives it, and a label for Settings.</summary>
public sealed record NewPushDevice(string? Endpoint, SubscriptionKeys? Keys, string? Label);

public sealed record SubscriptionKeys(string? P256dh, string? Auth);

/// <summary>A device as Settings lists it: its label, since when, and which push service rings it (never the endpoint itself).</summary>
public sealed record PushDeviceView(Guid Id, string Label, DateTimeOffset AddedAt, string Service)
{
    public static IReadOnlyList<PushDeviceView> Of(IEnumerable<PushDevice> devices) =>
        [.. devices.Select(d => new PushDeviceView(d.Id, d.Label, d.AddedAt, new Uri(d.Endpoint).Host))];
}

/// <summary>What the hub answers to adding a device: its id, or the reason in words.</summary>
public sealed record PushReply(bool Ok, Guid? DeviceId, string? Error)
{
    public static PushReply From(PushDeviceAdded added) =>
        new(added.Error == PushError.None, added.Error == PushError.None ? added.Id : null, PushMessages.Describe(added.Error));
}

/// <summary>The words for a device that was not added.</summary>
public static class PushMessages
{
    public static Task<PushDeviceAdded> Add(IGrainFactory grains, Guid user, NewPushDevice device, Guid? session) =>
        grains.GetGrain<IPushDevicesGrain>(user).Add(device.Endpoint, device.Keys?.P256dh, device.Keys?.Auth, device.Label, session);

    public static string? Describe(PushError error) => error switch
    {
        PushError.None => null,
        PushError.InvalidEndpoint => "The endpoint must be an absolute URL of at most 2,048 characters.",
        PushError.ServiceNotAllowed => "Viv does not send pushes to that push service.",
        PushError.InvalidKeys => "keys.p256dh must be a P-256 public key and keys.auth 16 bytes, both in base64url.",
        PushError.InvalidLabel => $"The label must be 1 to {PushRules.MaxLabelLength} characters, with no control characters.",
        PushError.TooManyDevices => $"At most {PushRules.MaxDevices} devices can be rung; remove one first.",
        _ => "That did not work.",
    };
}
