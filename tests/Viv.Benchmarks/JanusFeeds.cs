using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Viv.Media;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// Janus's own cost per publisher and per subscription, without a browser per participant: one page
/// holds every connection (each publisher its own camera track and encoder, each subscriber one feed),
/// and the tool plays the silo, through Viv's own media server client (<see cref="MediaServers"/>) on
/// a room of its own. In a call, every page would also encode once and decode everyone; here the
/// page decodes each subscription but draws nothing, so the machine has CPU to spare for Janus.
/// </summary>
internal sealed class JanusFeeds(Person page, IMediaRoom room, HashSet<long> up) : IAsyncDisposable
{
    private const string Gathered = "(pc) => pc.iceGatheringState === 'complete' || new Promise((done) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done()))";

    private readonly List<IMediaSubscriber> _subscribers = [];
    private long _feeds;

    public sealed record Step(int Publishers, int Subscriptions, MediaSample Sample);

    /// <summary>One feed with more and more subscriptions, then more and more feeds with none.</summary>
    public sealed record Steps(IReadOnlyList<Step> Subscribing, IReadOnlyList<Step> Publishing);

    public static async Task<Steps> Measure(IBrowser browser, Uri viv, JanusServer janus, IReadOnlyList<int> publishers, IReadOnlyList<int> subscriptions, TimeSpan window)
    {
        var page = await Chromium.NewPerson(browser, viv);
        await page.Page.GotoAsync("/Account/Login");
        var instance = new JanusInstance { Name = janus.Name, Url = janus.Url, ApiSecret = janus.ApiSecret, AdminKey = janus.AdminKey };
        await using var servers = new MediaServers(Microsoft.Extensions.Options.Options.Create(new JanusOptions { Janus = [instance] }), NullLogger<MediaServers>.Instance);
        await servers.StartAsync(CancellationToken.None);
        var up = new HashSet<long>();
        await using var feeds = new JanusFeeds(page, await Open(servers, publishers.Max(), up), up);
        var subscribing = new List<Step>();
        await feeds.Publish();
        foreach (var count in subscriptions.Order())
        {
            while (feeds._subscribers.Count < count)
            {
                await feeds.Subscribe();
            }
            subscribing.Add(await feeds.Sample(janus, window));
        }
        await feeds.Unsubscribe();
        var publishing = new List<Step>();
        foreach (var count in publishers.Order())
        {
            while (feeds._feeds < count)
            {
                await feeds.Publish();
            }
            publishing.Add(await feeds.Sample(janus, window));
        }
        return new Steps(subscribing, publishing);
    }

    /// <summary>A room once the tool's session with Janus is open (MediaServers opens it in the background).</summary>
    private static async Task<IMediaRoom> Open(MediaServers servers, int publishers, HashSet<long> up)
    {
        for (var tries = 0; ; tries++)
        {
            try
            {
                return await servers.OpenRoom(publishers, news =>
                {
                    if (news.Kind == MediaEventKind.Up && news.Feed != 0)
                    {
                        lock (up)
                        {
                            up.Add(news.Feed);
                        }
                    }
                    return Task.CompletedTask;
                });
            }
            catch (MediaServerUnavailableException) when (tries < 50)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task<Step> Sample(JanusServer janus, TimeSpan window)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        var sample = await MediaSample.Over(window, janus, [page]);
        Console.WriteLine($"{_feeds} publishers, {_subscribers.Count} subscriptions: Janus {Report.Ms(sample.JanusCorePercent)}% of a core, {Report.Whole(sample.KbpsToJanus)} kbit/s in, {Report.Whole(sample.KbpsFromJanus)} out");
        return new Step((int)_feeds, _subscribers.Count, sample);
    }

    /// <summary>One more camera publishes; returns once Janus has its connection up (then it may be subscribed to).</summary>
    private async Task Publish()
    {
        var offer = await page.Page.EvaluateAsync<string>($$"""
            async () => {
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              const pc = new RTCPeerConnection();
              stream.getTracks().forEach((track) => pc.addTransceiver(track, { direction: "sendonly", streams: [stream] }));
              await pc.setLocalDescription();
              await ({{Gathered}})(pc);
              (window.__publishers ??= []).push(pc);
              return pc.localDescription.sdp;
            }
            """);
        var feed = ++_feeds;
        var published = await room.Publish(feed, offer);
        await page.Page.EvaluateAsync("sdp => window.__publishers.at(-1).setRemoteDescription({ type: 'answer', sdp })", published.AnswerSdp);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Up(feed))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"Janus did not have publisher {feed}'s connection up within 15 s");
            }
            await Task.Delay(50);
        }
    }

    private bool Up(long feed)
    {
        lock (up)
        {
            return up.Contains(feed);
        }
    }

    /// <summary>One more connection receiving the first feed, answered with the page's candidates in its SDP.</summary>
    private async Task Subscribe()
    {
        var subscription = await room.Subscribe([1]);
        var answer = await page.Page.EvaluateAsync<string>($$"""
            async (sdp) => {
              const pc = new RTCPeerConnection();
              (window.__subscribers ??= []).push(pc);
              await pc.setRemoteDescription({ type: "offer", sdp });
              await pc.setLocalDescription();
              await ({{Gathered}})(pc);
              return pc.localDescription.sdp;
            }
            """, subscription.Offer.Sdp);
        await subscription.Leg.Start(answer);
        _subscribers.Add(subscription.Leg);
    }

    private async Task Unsubscribe()
    {
        foreach (var subscriber in _subscribers)
        {
            await subscriber.Close();
        }
        _subscribers.Clear();
        await page.Page.EvaluateAsync("() => (window.__subscribers ?? []).forEach((pc) => pc.close())");
    }

    public async ValueTask DisposeAsync()
    {
        await room.DisposeAsync();
        await page.DisposeAsync();
    }
}
