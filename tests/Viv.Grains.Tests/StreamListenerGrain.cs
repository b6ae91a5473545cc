using Orleans.Runtime;
using Orleans.Streams;

namespace Viv.Grains.Tests;

[Alias("viv.tests.IStreamListenerGrain")]
public interface IStreamListenerGrain : IGrainWithGuidKey
{
    [Alias("Listen")]
    Task Listen();

    [Alias("Publish")]
    Task Publish(string item);

    [Alias("Received")]
    Task<IReadOnlyList<string>> Received();
}

/// <summary>An explicit subscriber, whose subscription the stream runtime must store in PubSubStore.</summary>
public sealed class StreamListenerGrain : Grain, IStreamListenerGrain
{
    private readonly List<string> _received = [];

    private IAsyncStream<string> Stream => this.GetStreamProvider(Viv.Hosting.VivSilo.StreamProvider)
        .GetStream<string>(StreamId.Create("test", this.GetPrimaryKey()));

    public async Task Listen() =>
        await Stream.SubscribeAsync((item, _) =>
            {
                _received.Add(item);
                return Task.CompletedTask;
            });

    public Task Publish(string item) => Stream.OnNextAsync(item);

    public Task<IReadOnlyList<string>> Received() => Task.FromResult<IReadOnlyList<string>>(_received);
}
