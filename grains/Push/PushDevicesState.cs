namespace Viv.Push;

[GenerateSerializer, Alias("viv.push-devices-state")]
public sealed class PushDevicesState
{
    [Id(0)] public List<PushDevice> Devices { get; set; } = [];
}
