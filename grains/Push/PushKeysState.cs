namespace Viv.Push;

[GenerateSerializer, Alias("viv.push-keys-state")]
public sealed class PushKeysState
{
    [Id(0)] public VapidKeys? Keys { get; set; }
}
