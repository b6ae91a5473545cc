using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Push;
using Viv.Web.Accounts;

namespace Viv.Web.Api;

/// <summary>/api/v1/push: the devices a person is rung on when Viv is closed (Web Push, RFC 8030).</summary>
public static class PushEndpoints
{
    public sealed record ServerKey(string PublicKey);

    /// <summary>A subscription as a browser's <c>PushSubscription.toJSON()</c> gives it, and a label for Settings.</summary>
    public sealed record NewDevice(string? Endpoint, SubscriptionKeys? Keys, string? Label);

    public sealed record SubscriptionKeys(string? P256dh, string? Auth);

    public sealed record Added(Guid Id);

    /// <summary>A device as Settings lists it: its label, since when, and which push service rings it (never the endpoint itself).</summary>
    public sealed record Device(Guid Id, string Label, DateTimeOffset AddedAt, string Service);

    public static void Map(RouteGroupBuilder api)
    {
        var push = api.MapGroup("/push").WithTags("Push");
        push.MapGet("/key", async (IGrainFactory grains) => TypedResults.Ok(new ServerKey(await grains.GetGrain<IPushKeysGrain>(0).GetPublicKey())))
            .WithName("PushKey")
            .WithSummary("The server's VAPID public key (RFC 8292), base64url: a device passes it to its push service as the application server key when it subscribes.");
        push.MapGet("/devices", List).WithName("PushDevices").WithSummary("The devices I am rung on when Viv is closed.");
        push.MapPost("/devices", Add).WithName("PushDeviceAdd")
            .WithSummary("Ring this device when Viv is closed: its push subscription (endpoint, keys.p256dh, keys.auth) and a label. The same endpoint again updates it.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        push.MapDelete("/devices/{id:guid}", Remove).WithName("PushDeviceRemove").WithSummary("Stop ringing this device.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IPushDevicesGrain Devices(HttpContext http, IGrainFactory grains) => grains.GetGrain<IPushDevicesGrain>(http.User.UserId());

    private static async Task<Ok<IReadOnlyList<Device>>> List(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok<IReadOnlyList<Device>>([.. (await Devices(http, grains).List()).Select(d => new Device(d.Id, d.Label, d.AddedAt, new Uri(d.Endpoint).Host))]);

    private static async Task<Results<Created<Added>, ProblemHttpResult>> Add(NewDevice device, HttpContext http, IGrainFactory grains)
    {
        var added = await Devices(http, grains).Add(device.Endpoint, device.Keys?.P256dh, device.Keys?.Auth, device.Label);
        return added.Error == PushError.None
            ? TypedResults.Created($"/api/v1/push/devices/{added.Id}", new Added(added.Id))
            : ApiProblem.Of(added.Error == PushError.TooManyDevices ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, ApiProblem.Code(added.Error), Describe(added.Error));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(Guid id, HttpContext http, IGrainFactory grains) =>
        await Devices(http, grains).Remove(id) ? TypedResults.NoContent() : ApiProblem.Of(StatusCodes.Status404NotFound, "not_found", "There is no such device.");

    private static string Describe(PushError error) => error switch
    {
        PushError.InvalidEndpoint => "The endpoint must be an absolute URL of at most 2,048 characters.",
        PushError.ServiceNotAllowed => "Viv does not send pushes to that push service.",
        PushError.InvalidKeys => "keys.p256dh must be a P-256 public key and keys.auth 16 bytes, both in base64url.",
        PushError.InvalidLabel => "The label must be 1 to 100 characters, with no control characters.",
        PushError.TooManyDevices => $"At most {PushRules.MaxDevices} devices can be rung; remove one first.",
        _ => "That did not work.",
    };
}
