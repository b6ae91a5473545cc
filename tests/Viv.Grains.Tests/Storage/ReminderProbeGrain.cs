using System.Collections.Concurrent;

namespace Viv.Grains.Tests.Storage;

[Alias("viv.tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithGuidKey
{
    [Alias("Arm")]
    Task Arm(TimeSpan due, TimeSpan period);

    [Alias("Disarm")]
    Task Disarm();
}

/// <summary>A grain with a durable reminder, which counts its ticks where the test reads them (the silo runs in the test's process).</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private const string Name = "probe";

    private static readonly ConcurrentDictionary<Guid, int> Ticks = new();

    public static int TicksOf(Guid probe) => Ticks.GetValueOrDefault(probe);

    public static void Forget(Guid probe) => Ticks.TryRemove(probe, out _);

    public Task Arm(TimeSpan due, TimeSpan period) => this.RegisterOrUpdateReminder(Name, due, period);

    public async Task Disarm()
    {
        if (await this.GetReminder(Name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKey(), 1, (_, ticks) => ticks + 1);
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Alias("viv.tests.bytes")]
public sealed class Bytes
{
    [Id(0)] public byte[] Value { get; set; } = [];
}
