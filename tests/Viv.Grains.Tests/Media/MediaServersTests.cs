using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Media;
using Viv.Testing;

namespace Viv.Grains.Tests.Media;

/// <summary>
/// <see cref="MediaServers"/> against two real Janus processes, with Chromium pages as the
/// publishing and subscribing tabs: what a call room relies on when it moves a call onto Janus.
/// </summary>
public sealed class MediaServersTests(JanusPair janus) : IClassFixture<JanusPair>
{
    private readonly Heard<string> _log = new();

    [Fact]
    public async Task A_publishers_camera_reaches_a_subscriber_through_Janus()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var camera = await WebRtcPeer.Open(janus.Browser);
        await Publish(room, camera, events, feed: 1);
        await using var viewer = await WebRtcPeer.Open(janus.Browser);

        var subscription = await Subscribe(room, viewer, events, 1);

        subscription.Offer.Streams.Select(line => (line.Feed, line.Kind)).Should().BeEquivalentTo([(1L, "audio"), (1L, "video")]);
        var video = Mid(subscription.Offer, 1, "video");
        var decoded = await viewer.FramesDecoded(video, atLeast: 5);
        await viewer.FramesDecoded(video, atLeast: decoded + 10);
    }

    [Fact]
    public async Task A_subscriber_stops_receiving_a_video_and_takes_it_again()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var camera = await WebRtcPeer.Open(janus.Browser);
        await Publish(room, camera, events, feed: 1);
        await using var viewer = await WebRtcPeer.Open(janus.Browser);
        var subscription = await Subscribe(room, viewer, events, 1);
        var video = Mid(subscription.Offer, 1, "video");
        await viewer.FramesDecoded(video, atLeast: 5);

        await subscription.Leg.Receive(video, substream: null);
        var paused = await viewer.Stalled(video);
        await subscription.Leg.Receive(video, substream: 0);

        await viewer.FramesDecoded(video, atLeast: paused + 10);
    }

    /// <summary>
    /// Janus gives a subscriber the next smaller size of a video when the one it asked for stops for 250 ms,
    /// and the asked one back only on a keyframe of it, which the sender makes only when asked: without
    /// asking again (<see cref="JanusSubscriber.SizeRecheck"/>), the smaller size stayed for good.
    /// </summary>
    [Fact]
    public async Task A_subscriber_given_a_smaller_size_while_the_one_it_asked_for_stopped_gets_that_size_back_once_it_comes_again()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var camera = await WebRtcPeer.Open(janus.Browser);
        await Publish(room, camera, events, feed: 1, simulcast: true);
        await using var viewer = await WebRtcPeer.Open(janus.Browser);
        var subscription = await Subscribe(room, viewer, events, 1);
        var video = Mid(subscription.Offer, 1, "video");
        await subscription.Leg.Receive(video, substream: 1);
        await viewer.Width(video, FakeCamera.Width / 2);

        // The two larger sizes stop, as they do from a sender short of bandwidth (while a larger one
        // still came, Janus would not fall back), and stay off for two seconds after the viewer gets the
        // smallest: longer than Janus waits between two keyframe requests (a second), so the keyframes
        // it asked for when it fell back are gone with the held frames, and only asking again brings one.
        await camera.Hold("m", "h");
        await viewer.Width(video, FakeCamera.Width / 4);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await camera.Release();

        await viewer.Width(video, FakeCamera.Width / 2);
        _log.All.Should().Contain(line => line.Contains($"relays mid {video} at substream 0 for 1: asked again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_adds_a_second_publishers_feed_and_removes_it()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var ada = await WebRtcPeer.Open(janus.Browser);
        await using var bob = await WebRtcPeer.Open(janus.Browser);
        await Publish(room, ada, events, feed: 1);
        await Publish(room, bob, events, feed: 2);
        await using var viewer = await WebRtcPeer.Open(janus.Browser);
        var subscription = await Subscribe(room, viewer, events, 1);
        var adaVideo = Mid(subscription.Offer, 1, "video");

        var added = (await subscription.Leg.Update(subscribe: [2], unsubscribe: []))!;
        await subscription.Leg.Start(await viewer.Answer(added.Sdp));

        added.Streams.Select(line => line.Feed).Distinct().Should().BeEquivalentTo([1L, 2L]);
        var bobVideo = Mid(added, 2, "video");
        await viewer.FramesDecoded(bobVideo, atLeast: 10);

        var removed = (await subscription.Leg.Update(subscribe: [], unsubscribe: [2]))!;
        await subscription.Leg.Start(await viewer.Answer(removed.Sdp));

        removed.Streams.Select(line => line.Feed).Distinct().Should().BeEquivalentTo([1L], "Bob's lines carry nothing any more");
        (await viewer.Direction(bobVideo)).Should().Be("inactive");
        var decoded = await viewer.FramesDecoded(adaVideo);
        await viewer.FramesDecoded(adaVideo, atLeast: decoded + 10);
    }

    [Fact]
    public async Task A_publisher_who_shares_a_screen_renegotiates_and_subscribers_bring_the_feed_up_to_date()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var ada = await WebRtcPeer.Open(janus.Browser);
        var publisher = await Publish(room, ada, events, feed: 1);
        await using var viewer = await WebRtcPeer.Open(janus.Browser);
        var subscription = await Subscribe(room, viewer, events, 1);
        var camera = Mid(subscription.Offer, 1, "video");

        await ada.Answered(await publisher.Renegotiate(await ada.Share()));
        var shared = (await subscription.Leg.Update(subscribe: [1], unsubscribe: []))!;
        await subscription.Leg.Start(await viewer.Answer(shared.Sdp));

        shared.Streams.Where(line => line.Feed == 1).Select(line => line.Kind).Should().BeEquivalentTo(["audio", "video", "video"], "the screen is added once, the camera and microphone not again");
        var screen = shared.Streams.Single(line => line.Kind == "video" && line.Mid != camera).Mid;
        await viewer.FramesDecoded(screen, atLeast: 10);

        await ada.Answered(await publisher.Renegotiate(await ada.Unshare()));
        var stopped = (await subscription.Leg.Update(subscribe: [1], unsubscribe: []))!;
        await subscription.Leg.Start(await viewer.Answer(stopped.Sdp));

        stopped.Streams.Select(line => line.Mid).Should().BeEquivalentTo(subscription.Offer.Streams.Select(line => line.Mid));
        (await viewer.Direction(screen)).Should().Be("inactive");
        var decoded = await viewer.FramesDecoded(camera);
        await viewer.FramesDecoded(camera, atLeast: decoded + 10);
        (await subscription.Leg.Update(subscribe: [1], unsubscribe: [])).Should().BeNull("the feed is up to date");
    }

    /// <summary>
    /// What a call room relies on when a tab's connection with Janus goes: it hears Down for the
    /// publisher once, and an update that drops the feed offers its lines inactive, though Janus had
    /// already stopped them on its own (with autoupdate off it offers nothing until asked).
    /// </summary>
    [Fact]
    public async Task A_publisher_whose_connection_goes_is_reported_down_once_and_an_update_drops_its_feed()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var camera = await WebRtcPeer.Open(janus.Browser);
        var publisher = await Publish(room, camera, events, feed: 1);
        await using var viewer = await WebRtcPeer.Open(janus.Browser);
        var subscription = await Subscribe(room, viewer, events, 1);
        var video = Mid(subscription.Offer, 1, "video");
        await viewer.FramesDecoded(video, atLeast: 5);

        await camera.Close();
        await events.First(e => e.Kind == MediaEventKind.Down && e.Handle == publisher.Handle, "the publisher to be down");
        var dropped = await subscription.Leg.Update(subscribe: [], unsubscribe: [1]);
        await subscription.Leg.Start(await viewer.Answer(dropped!.Sdp));
        await publisher.Close();

        dropped.Streams.Should().BeEmpty("the feed's lines carry nothing any more");
        (await viewer.Direction(video)).Should().Be("inactive");
        events.All.Where(e => e.Handle == publisher.Handle).Select(e => e.Kind).Should().Equal(MediaEventKind.Up, MediaEventKind.Down);
    }

    [Fact]
    public async Task An_update_before_the_last_offer_is_answered_is_refused()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var ada = await WebRtcPeer.Open(janus.Browser);
        await Publish(room, ada, events, feed: 1);

        var subscription = await room.Subscribe([1]);
        var update = () => subscription.Leg.Update(subscribe: [], unsubscribe: [1]);

        await update.Should().ThrowAsync<InvalidOperationException>().WithMessage("*has not answered Janus's last offer*");
    }

    /// <summary>
    /// The speaker sends a steady tone, and otherwise what its microphone hears, a silent room
    /// (<see cref="FakeMicrophone.Silence"/>, 80 dB down); Janus averages each feed's level over
    /// windows of 50 packets (1 s) against 50 dB below full scale (MediaServer.OpenRoom).
    /// The listener is a second publisher, who hears the talk too: it is reported once.
    /// </summary>
    [Fact]
    public async Task Talking_and_stopped_talking_arrive_once_for_a_publisher_sending_audio()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        await using var listener = await WebRtcPeer.Open(janus.Browser);
        await using var speaker = await WebRtcPeer.Open(janus.Browser);
        await Publish(room, listener, events, feed: 1);
        var talker = await Publish(room, speaker, events, feed: 2, tone: true);

        var after = events.Count;
        await speaker.Tone(on: true);
        await events.First(e => e.Kind == MediaEventKind.Talking, "feed 2 to talk", after);
        await speaker.Tone(on: false);
        await events.First(e => e.Kind == MediaEventKind.StoppedTalking, "feed 2 to stop talking", after);

        events.All.Skip(after).Should().Equal(
            new MediaEvent(MediaEventKind.Talking, talker.Handle, 2),
            new MediaEvent(MediaEventKind.StoppedTalking, talker.Handle, 2));
    }

    [Fact]
    public async Task A_room_goes_to_the_instance_with_fewer_participants()
    {
        await using var servers = await Connect(janus.First, janus.Second);
        var events = new Heard<MediaEvent>();
        await using var page = await WebRtcPeer.Open(janus.Browser);
        var offer = await page.Offer();
        await using var first = await servers.OpenRoom(4, Record(events));
        await first.Publish(1, offer);
        await first.Publish(2, offer);

        await using var second = await servers.OpenRoom(4, Record(events));
        await second.Publish(1, offer);
        await using var third = await servers.OpenRoom(4, Record(events));

        second.Server.Should().NotBe(first.Server, "the first instance had 2 participants, the other none");
        third.Server.Should().Be(second.Server, "it had 1 participant against 2");
    }

    [Fact]
    public async Task Killing_a_Janus_tells_its_rooms_and_rooms_go_to_the_other_until_it_is_back()
    {
        await using var servers = await Connect(janus.First, janus.Second);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        var lost = room.Server == janus.First.Name ? janus.First : janus.Second;
        await using var camera = await WebRtcPeer.Open(janus.Browser);
        await Publish(room, camera, events, feed: 1);
        await using var cameraAgain = await WebRtcPeer.Open(janus.Browser);
        var recoveredEvents = new Heard<MediaEvent>();
        IMediaRoom? recovered = null;

        await lost.Kill();
        try
        {
            await events.First(e => e.Kind == MediaEventKind.ServerLost, $"{lost.Name}'s room to hear it is lost");
            var publishAgain = () => room.Publish(2, "v=0");
            await publishAgain.Should().ThrowAsync<MediaServerUnavailableException>();
            recovered = await servers.OpenRoom(4, Record(recoveredEvents));
            recovered.Server.Should().NotBe(lost.Name, "it is down");
            await Publish(recovered, cameraAgain, recoveredEvents, feed: 1);
        }
        finally
        {
            // Started again whatever happened: the class's other tests need both.
            var after = _log.Count;
            await lost.Restart();
            await Up(lost, after);
        }
        await using (recovered)
        {
            await using var next = await servers.OpenRoom(4, Record(events));

            next.Server.Should().Be(lost.Name, "it is back, with no participants against 1");
        }
    }

    [Fact]
    public async Task A_room_avoids_the_instance_its_call_just_lost()
    {
        await using var servers = await Connect(janus.First, janus.Second);

        await using var room = await servers.OpenRoom(4, _ => Task.CompletedTask, avoid: janus.First.Name);

        room.Server.Should().Be(janus.Second.Name);
    }

    [Fact]
    public async Task A_wrong_api_secret_or_admin_key_fails_with_what_Janus_said()
    {
        var settings = janus.First.Settings(0).ToDictionary();
        settings["Viv:Media:Janus:0:ApiSecret"] = "wrong";
        var wrongKey = janus.Second.Settings(1).ToDictionary();
        wrongKey["Viv:Media:Janus:1:AdminKey"] = "wrong";
        await using var servers = Servers(settings.Concat(wrongKey));
        await servers.StartAsync(TestContext.Current.CancellationToken);
        await Up(janus.Second);
        await _log.First(line => line.Contains($"Janus {janus.First.Name} is unreachable", StringComparison.Ordinal), "the refusal of the wrong secret");

        var open = () => servers.OpenRoom(4, _ => Task.CompletedTask);

        var refused = (await open.Should().ThrowAsync<MediaServerUnavailableException>()).Which;
        refused.Message.Should().Contain($"{janus.First.Name}: Janus refused the request: 403 Unauthorized request (wrong or missing secret/token)")
            .And.Contain($"{janus.Second.Name}: Janus refused the request: 433 Unauthorized (wrong admin_key)");
    }

    [Fact]
    public async Task An_unreachable_instance_is_skipped()
    {
        var nobody = new Dictionary<string, string>
        {
            ["Viv:Media:Janus:0:Name"] = "nobody",
            ["Viv:Media:Janus:0:Url"] = $"ws://127.0.0.1:{VivServer.FreePort()}",
            ["Viv:Media:Janus:0:ApiSecret"] = "secret",
            ["Viv:Media:Janus:0:AdminKey"] = "key",
        };
        await using var servers = Servers(nobody.Concat(janus.First.Settings(1)));
        await servers.StartAsync(TestContext.Current.CancellationToken);
        await Up(janus.First);
        await _log.First(line => line.Contains("Janus nobody is unreachable", StringComparison.Ordinal), "the unreachable instance to be noticed");

        await using var room = await servers.OpenRoom(4, _ => Task.CompletedTask);

        room.Server.Should().Be(janus.First.Name);
    }

    /// <summary>
    /// Janus cannot tell encrypted frames from plain ones: it refuses a publisher that does not say its
    /// media is encrypted, and forwards whatever one that says so sends (this page sends plain frames).
    /// </summary>
    [Fact]
    public async Task A_room_requires_end_to_end_encryption_refuses_a_publisher_that_does_not_say_so_and_forwards_one_that_does()
    {
        await using var servers = await Connect(janus.First);
        var events = new Heard<MediaEvent>();
        await using var room = await servers.OpenRoom(4, Record(events));
        var janusRoom = (JanusRoom)room;
        await using var camera = await WebRtcPeer.Open(janus.Browser);
        var offer = await camera.Offer();
        var plain = await janusRoom.Session.Attach(_ => { });
        var listed = await janusRoom.Session.Message(plain, new() { ["request"] = "list", ["admin_key"] = janus.First.AdminKey });
        await janusRoom.Session.Message(plain, new() { ["request"] = "join", ["ptype"] = "publisher", ["room"] = janusRoom.Id, ["id"] = 2, ["pin"] = janusRoom.Pin });

        var publishPlain = () => janusRoom.Session.Message(plain, new() { ["request"] = "publish" }, new JsonObject { ["type"] = "offer", ["sdp"] = offer });

        var refused = (await publishPlain.Should().ThrowAsync<JanusException>()).Which;
        (refused.Code, refused.Reason).Should().Be((433, "Room requires end-to-end encrypted media"));
        listed.Data["list"]!.AsArray().Single(r => (long)r!["room"]! == janusRoom.Id)!["require_e2ee"]!.GetValue<bool>().Should().BeTrue();
        await janusRoom.Session.Detach(plain);
        var published = await room.Publish(1, offer);
        camera.Relay(published.Leg);
        await camera.Answered(published.AnswerSdp);
        await events.First(e => e.Kind == MediaEventKind.Up && e.Handle == published.Leg.Handle, "the publisher to be up");
        await using var viewer = await WebRtcPeer.Open(janus.Browser);
        var subscription = await Subscribe(room, viewer, events, 1);
        await viewer.FramesDecoded(Mid(subscription.Offer, 1, "video"), atLeast: 5);
    }

    [Fact]
    public async Task An_offer_that_is_not_SDP_is_refused_with_Janus_error()
    {
        await using var servers = await Connect(janus.First);
        await using var room = await servers.OpenRoom(4, _ => Task.CompletedTask);

        var publish = () => room.Publish(1, "this is not a session description");

        var refused = (await publish.Should().ThrowAsync<JanusException>()).Which;
        refused.Code.Should().Be(465, "Janus's JANUS_ERROR_JSEP_INVALID_SDP");
    }

    [Fact]
    public async Task Subscribing_to_a_feed_that_does_not_publish_is_refused_with_Janus_error()
    {
        await using var servers = await Connect(janus.First);
        await using var room = await servers.OpenRoom(4, _ => Task.CompletedTask);

        var subscribe = () => room.Subscribe([42]);

        var refused = (await subscribe.Should().ThrowAsync<JanusException>()).Which;
        (refused.Code, refused.Reason).Should().Be((428, "No such feed (42)"));
    }

    [Fact]
    public async Task A_silo_without_instances_has_media_servers_that_are_not_configured_and_open_no_room()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddMediaServers();
        await using var provider = services.BuildServiceProvider();
        var servers = provider.GetRequiredService<IMediaServers>();

        var open = () => servers.OpenRoom(4, _ => Task.CompletedTask);

        servers.Configured.Should().BeFalse();
        await open.Should().ThrowAsync<MediaServerUnavailableException>().WithMessage("No media server is configured (Viv:Media:Janus)");
    }

    private async Task<MediaServers> Connect(params JanusServer[] instances)
    {
        var servers = Servers(instances.SelectMany((instance, i) => instance.Settings(i)));
        await servers.StartAsync(TestContext.Current.CancellationToken);
        foreach (var instance in instances)
        {
            await Up(instance);
        }
        return servers;
    }

    private MediaServers Servers(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var options = configuration.GetSection(JanusOptions.Section).Get<JanusOptions>()!;
        return new MediaServers(Options.Create(options), new HeardLogger<MediaServers>(_log));
    }

    private Task<string> Up(JanusServer instance, int after = 0) =>
        _log.First(line => line.Contains($"Janus {instance.Name} at {instance.Url} is up", StringComparison.Ordinal), $"{instance.Name} to be up", after);

    private static Func<MediaEvent, Task> Record(Heard<MediaEvent> events) => e =>
    {
        events.Add(e);
        return Task.CompletedTask;
    };

    private static async Task<IMediaPublisher> Publish(IMediaRoom room, WebRtcPeer page, Heard<MediaEvent> events, long feed, bool tone = false, bool simulcast = false)
    {
        var published = await room.Publish(feed, await page.Offer(microphone: !tone, tone: tone, simulcast: simulcast));
        page.Relay(published.Leg);
        await page.Answered(published.AnswerSdp);
        await events.First(e => e.Kind == MediaEventKind.Up && e.Handle == published.Leg.Handle, $"the publisher of feed {feed} to be up");
        return published.Leg;
    }

    private static async Task<MediaSubscriber> Subscribe(IMediaRoom room, WebRtcPeer page, Heard<MediaEvent> events, params long[] feeds)
    {
        var subscription = await room.Subscribe(feeds);
        page.Relay(subscription.Leg);
        await subscription.Leg.Start(await page.Answer(subscription.Offer.Sdp));
        await events.First(e => e.Kind == MediaEventKind.Up && e.Handle == subscription.Leg.Handle, "the subscriber to be up");
        return subscription;
    }

    private static string Mid(MediaOffer offer, long feed, string kind) => offer.Streams.Single(line => line.Feed == feed && line.Kind == kind).Mid;
}
