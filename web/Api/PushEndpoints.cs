using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Push;
using Viv.Web.Accounts;
using Viv.Web.Push;

namespace Viv.Web.Api;

/// <summary>/api/v1/push: the devices a person is rung on when Viv is closed (Web Push, RFC 8030).</summary>
public static class PushEndpoints
{
    public sealed record ServerKey(string PublicKey);

    public sealed record Added(Guid Id);

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

    private static async Task<Ok<IReadOnlyList<PushDeviceView>>> List(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(PushDeviceView.Of(await Devices(http, grains).List()));

    /// <summary>The device rings while the access token's sign-in lasts: revoking it stops the ringing.</summary>
    private static async Task<Results<Created<Added>, ProblemHttpResult>> Add(NewPushDevice device, HttpContext http, IGrainFactory grains)
    {
        var added = await PushMessages.Add(grains, http.User.UserId(), device, http.User.SessionId());
        return added.Error == PushError.None
            ? TypedResults.Created($"/api/v1/push/devices/{added.Id}", new Added(added.Id))
            : ApiProblem.Of(added.Error == PushError.TooManyDevices ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, ApiProblem.Code(added.Error), PushMessages.Describe(added.Error)!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(Guid id, HttpContext http, IGrainFactory grains) =>
        await Devices(http, grains).Remove(id) ? TypedResults.NoContent() : ApiProblem.Of(StatusCodes.Status404NotFound, "not_found", "There is no such device.");
}
