using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Viv.Hosting;

namespace Viv.Push;

public sealed partial class PushDevicesGrain(
    [PersistentState("push-devices")] IPersistentState<PushDevicesState> devices,
    IOptions<PushOptions> options,
    PushDelivery delivery,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock,
    ILogger<PushDevicesGrain> logger) : Grain, IPushDevicesGrain
{
    /// <summary>Tries of one push to one device, the first included, while it is still worth delivering.</summary>
    private const int Tries = 4;

    private readonly PushBudget _budget = new(options.Value.PerMinute);

    private List<PushDevice> Devices => devices.State.Devices;

    public async Task<PushDeviceAdded> Add(string? endpoint, string? p256dh, string? auth, string? label, Guid? session)
    {
        var known = Devices.FindIndex(d => d.Endpoint == endpoint);
        if (PushRules.MayAdd(endpoint, p256dh, auth, label, options.Value.Services, Devices.Count, known >= 0) is not PushError.None and var refused)
        {
            return new PushDeviceAdded(refused);
        }
        var device = new PushDevice(known >= 0 ? Devices[known].Id : Guid.NewGuid(), endpoint!, p256dh!, auth!, label!.Trim(), clock.GetUtcNow(), session);
        if (known >= 0)
        {
            Devices[known] = device;
        }
        else
        {
            Devices.Add(device);
        }
        await devices.WriteStateAsync();
        return new PushDeviceAdded(PushError.None, device.Id);
    }

    public async Task<bool> Remove(Guid deviceId)
    {
        if (Devices.RemoveAll(d => d.Id == deviceId) == 0)
        {
            return false;
        }
        await devices.WriteStateAsync();
        return true;
    }

    public async Task ForgetSessions(IReadOnlyList<Guid> sessions)
    {
        if (Devices.RemoveAll(d => d.Session is { } session && sessions.Contains(session)) > 0)
        {
            await devices.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<PushDevice>> List() => Task.FromResult<IReadOnlyList<PushDevice>>([.. Devices]);

    public async Task Push(PushNotice notice)
    {
        if (Devices.Count == 0)
        {
            return;
        }
        if (!_budget.Allows(notice, clock.GetUtcNow()))
        {
            LogOverBudget(this.GetPrimaryKey(), notice.Topic);
            return;
        }
        var keys = await GrainFactory.GetGrain<IPushKeysGrain>(0).GetKeys();
        var worthUntil = clock.GetUtcNow().AddSeconds(notice.TimeToLiveSeconds);
        foreach (var device in Devices.ToList())
        {
            await Send(device, notice, keys, worthUntil, tried: 0);
        }
    }

    /// <summary>
    /// One try of one push to one device. A device its push service calls gone is removed; a push it
    /// cannot take now is tried again after its Retry-After, or 1, 2, 4 s, unless that is past the
    /// push's time to live or its last try.
    /// </summary>
    private async Task Send(PushDevice device, PushNotice notice, VapidKeys keys, DateTimeOffset worthUntil, int tried)
    {
        if (!Devices.Contains(device))
        {
            return;
        }
        var outcome = await delivery.Send(device, notice, keys);
        var user = this.GetPrimaryKey();
        switch (outcome.Result)
        {
            case PushResult.Gone:
                LogGone(user, device.Id);
                await Remove(device.Id);
                break;
            case PushResult.Later:
                var wait = outcome.RetryAfter ?? TimeSpan.FromSeconds(1 << tried);
                if (tried + 1 < Tries && clock.GetUtcNow() + wait < worthUntil)
                {
                    this.RegisterGrainTimer(() => Send(device, notice, keys, worthUntil, tried + 1), wait, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    LogGaveUp(user, device.Id, tried + 1, outcome.Reason);
                }
                break;
            case PushResult.Refused:
                LogRefused(user, device.Id, outcome.Reason);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The push service of device {DeviceId} of user {UserId} says it is gone: removed")]
    private partial void LogGone(Guid userId, Guid deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push to user {UserId} under topic {Topic} was dropped: past their pushes a minute")]
    private partial void LogOverBudget(Guid userId, string? topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push to device {DeviceId} of user {UserId} was not delivered after {Tries} tries: {Reason}")]
    private partial void LogGaveUp(Guid userId, Guid deviceId, int tries, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The push service of device {DeviceId} of user {UserId} refused a push: {Reason}")]
    private partial void LogRefused(Guid userId, Guid deviceId, string? reason);
}
