namespace Viv.Browser.Tests;

public sealed class CallTests(BrowserFixture fixture)
{
    private sealed record Duo(Person Alice, Person Bob, string AliceName, string BobName) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Alice.DisposeAsync();
            await Bob.DisposeAsync();
        }
    }

    /// <param name="suppressingNoise">Both keep Viv's default, noise suppressed, instead of the tier's (off).</param>
    private async Task<Duo> Contacts(bool suppressingNoise = false)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (aliceName, bobName) = ($"Alice {tag}", $"Bob {tag}");
        Task<Person> NewPerson() => suppressingNoise ? Chromium.NewPerson(fixture.Browser, fixture.Server.BaseAddress) : fixture.NewPerson();
        var people = await Person.Acquainted(fixture.Server.BaseAddress, NewPerson, [aliceName, bobName]);
        var (alice, bob) = (people[0], people[1]);
        await alice.Page.GotoAsync("/");
        await Person.Connected(alice.Page);
        return new Duo(alice, bob, aliceName, bobName);
    }

    /// <summary>Accepts a ringing video call and records accept → first remote frame, as the callee's browser timed it.</summary>
    private static async Task AcceptVideoCall(Person callee)
    {
        await callee.Page.EvaluateAsync("""
            () => {
              window.__firstFrameAt = undefined;
              document.querySelector('[data-call-incoming-accept]').addEventListener('click', () => window.__acceptedAt = performance.now(), { once: true });
              // The caller's tile appears once the call connects: time its first frame from then.
              new MutationObserver((changes, observer) => {
                const video = document.querySelector('[data-call-grid] .tile:not(.local) video');
                if (!video) return;
                observer.disconnect();
                video.requestVideoFrameCallback(() => window.__firstFrameAt = performance.now());
              }).observe(document.querySelector('[data-call-grid]'), { childList: true });
            }
            """);
        await callee.AcceptCall();
        await callee.Page.WaitForFunctionAsync("() => window.__firstFrameAt !== undefined");
        CallSetupLog.Record(await callee.Page.EvaluateAsync<double>("() => window.__firstFrameAt - window.__acceptedAt"));
    }

    /// <summary>
    /// The callee can answer before the server's reply has told the caller the call's id (a busy
    /// server or network): the reply is held back at the caller's page until the news that the
    /// callee joined has arrived there, and the call must still connect.
    /// </summary>
    [Fact]
    public async Task A_call_answered_before_the_caller_heard_its_id_from_the_server_still_connects()
    {
        await using var duo = await Contacts();
        var (alice, bob, aliceName, bobName) = duo;
        var held = await HeldReply.Install(alice.Page, "StartCall");
        await alice.Page.ReloadAsync();
        await Person.Connected(alice.Page);

        var joined = held.Overtaken("participantJoined");
        await alice.Call(bobName);
        await held.Holding.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await bob.AcceptCall();
        await joined.WaitAsync(TimeSpan.FromSeconds(15));
        held.Release();

        await alice.PeerConnected();
        await bob.PeerConnected();
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);
    }

    [Fact]
    public async Task A_video_call_connects_both_ends_media_flows_and_hanging_up_ends_it_for_both_with_a_notice_that_can_be_dismissed()
    {
        await using var duo = await Contacts();
        var (alice, bob, aliceName, bobName) = duo;

        await alice.Call(bobName);
        await Expect(alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" })).ToBeVisibleAsync();
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        await Expect(bob.IncomingCall).ToContainTextAsync(aliceName);
        await Expect(bob.IncomingCall.GetByRole(AriaRole.Img)).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("/picture"));
        // Both pages lay their call screen out while it rings (controls.js, prepare), and show it only once the call connects.
        await Expect(alice.CallView).ToBeHiddenAsync();
        await Expect(bob.CallView).ToBeHiddenAsync();
        await AcceptVideoCall(bob);

        await alice.PeerConnected();
        await bob.PeerConnected();
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);
        await bob.ReceivesMedia("video");
        await Expect(bob.Page.Locator("video[aria-label='You']")).ToBeVisibleAsync();
        await bob.Page.ScreenshotAsync(new() { Path = Person.Screenshot("call.png") });

        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();

        await Expect(alice.CallView).ToBeHiddenAsync();
        await Expect(bob.CallView).ToBeHiddenAsync();
        // The notice is dismissed by its own button, before its time is up.
        var ended = bob.Page.GetByRole(AriaRole.Status).Locator("p", new() { HasText = "Call ended." });
        await Expect(ended).ToHaveCountAsync(1);
        await ended.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(ended).ToHaveCountAsync(0);
        await bob.Page.GotoAsync("/Calls");
        var row = bob.Page.GetByRole(AriaRole.Table, new() { Name = "Call history" }).GetByRole(AriaRole.Row).Nth(1);
        await Expect(row).ToContainTextAsync(aliceName);
        await Expect(row).ToContainTextAsync("Completed");
        await Expect(row).ToContainTextAsync("Incoming video");
    }

    [Fact]
    public async Task Mute_and_camera_toggle_and_a_voice_call_sends_no_video()
    {
        await using var duo = await Contacts();
        var (alice, bob, aliceName, bobName) = duo;

        await alice.Call(bobName, "Voice call");
        await bob.AcceptCall();
        await alice.PeerConnected();
        await bob.PeerConnected();

        (await alice.Page.EvaluateAsync<int>("() => window.__peers[0].getSenders().filter(s => s.track?.kind === 'video').length")).Should().Be(0);
        (await alice.Page.EvaluateAsync<int>("() => window.__peers[0].getSenders().filter(s => s.track?.kind === 'audio').length")).Should().Be(1);
        await bob.Page.WaitForFunctionAsync("v => document.querySelector(v).srcObject?.getAudioTracks().length === 1", Person.VideoOf(aliceName));
        (await bob.Page.EvaluateAsync<int>("v => document.querySelector(v).srcObject.getVideoTracks().length", Person.VideoOf(aliceName))).Should().Be(0);
        await bob.ReceivesMedia("audio");

        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
        await Expect(alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Unmute" })).ToBeVisibleAsync();
        (await alice.Page.EvaluateAsync<bool>("() => window.__peers[0].getSenders().find(s => s.track?.kind === 'audio').track.enabled")).Should().BeFalse();
        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Unmute" }).ClickAsync();
        (await alice.Page.EvaluateAsync<bool>("() => window.__peers[0].getSenders().find(s => s.track?.kind === 'audio').track.enabled")).Should().BeTrue();
        await Expect(alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Camera off" })).ToBeHiddenAsync();

        await bob.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Camera_off_disables_the_sent_video_and_camera_on_restores_it()
    {
        await using var duo = await Contacts();
        var (alice, bob, _, bobName) = duo;
        await alice.Call(bobName);
        await AcceptVideoCall(bob);
        await alice.PeerConnected();

        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Camera off" }).ClickAsync();
        (await alice.Page.EvaluateAsync<bool>("() => window.__peers[0].getSenders().find(s => s.track?.kind === 'video').track.enabled")).Should().BeFalse();
        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Camera on" }).ClickAsync();
        (await alice.Page.EvaluateAsync<bool>("() => window.__peers[0].getSenders().find(s => s.track?.kind === 'video').track.enabled")).Should().BeTrue();
        await Expect(alice.CallView.GetByRole(AriaRole.Combobox, new() { Name = "Camera" })).ToBeVisibleAsync();
        await Expect(alice.CallView.GetByRole(AriaRole.Combobox, new() { Name = "Microphone" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_rejected_call_tells_the_caller_and_is_recorded()
    {
        await using var duo = await Contacts();
        var (alice, bob, aliceName, bobName) = duo;

        await alice.Call(bobName);
        await bob.IncomingCall.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        await Expect(bob.IncomingCall).ToBeHiddenAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Call rejected." })).ToHaveCountAsync(1);
        await Expect(alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" })).ToBeHiddenAsync();
        await alice.Page.GotoAsync("/Calls");
        await Expect(alice.Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Rejected");
        await Expect(alice.Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(bobName);
    }

    [Fact]
    public async Task A_cancelled_call_stops_ringing_and_leaves_a_missed_call_count_until_seen()
    {
        await using var duo = await Contacts();
        var (alice, bob, aliceName, bobName) = duo;

        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(bob.IncomingCall).ToBeHiddenAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls 1" })).ToBeVisibleAsync();
        await bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls 1" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Missed");
        await Expect(bob.Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(aliceName);
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls", Exact = true })).ToBeVisibleAsync();
        await alice.Page.GotoAsync("/Calls");
        await Expect(alice.Page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Cancelled");
    }

    [Fact]
    public async Task Answering_in_one_tab_stops_the_ringing_in_the_others()
    {
        await using var duo = await Contacts();
        var (alice, bob, _, bobName) = duo;
        var bobsSecondTab = await bob.Context.NewPageAsync();
        await bobsSecondTab.GotoAsync("/");
        await Person.Connected(bobsSecondTab);
        var secondTabRinging = bobsSecondTab.GetByRole(AriaRole.Dialog, new() { Name = "Incoming call" });

        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        await Expect(secondTabRinging).ToBeVisibleAsync();
        await bob.AcceptCall();

        await Expect(secondTabRinging).ToBeHiddenAsync();
        await bob.PeerConnected();
        await Expect(bobsSecondTab.GetByRole(AriaRole.Region, new() { Name = "Call" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Calling_someone_in_another_call_hears_busy_at_once()
    {
        await using var duo = await Contacts();
        var (alice, bob, aliceName, bobName) = duo;
        var carolName = $"Carol {Guid.NewGuid():N}"[..12];
        await using var carol = await fixture.NewPerson();
        await carol.Register(carolName);
        await Person.BecomeContacts(carol, carolName, bob, bobName);
        await carol.Page.GotoAsync("/");
        await alice.Call(bobName);
        await AcceptVideoCall(bob);
        await bob.PeerConnected();
        await Expect(carol.Contact(bobName)).ToContainTextAsync("In a call");

        await carol.Call(bobName);

        await Expect(carol.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" })).ToContainTextAsync("Busy");
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls 1" })).ToBeVisibleAsync();
        await Expect(bob.CallView).ToBeVisibleAsync();
    }

    /// <summary>
    /// A camera that cannot start as the person answers (another app holds it) declines the call: the
    /// callee is told why, the caller hears it rejected and is offered to leave a message, and neither
    /// is left in a call (the caller can ring them again).
    /// </summary>
    [Fact]
    public async Task A_camera_that_cannot_start_on_answering_declines_the_call_and_tells_the_callee_why()
    {
        await using var duo = await Contacts();
        var (alice, bob, _, bobName) = duo;
        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        await bob.Page.EvaluateAsync("() => navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Could not start video source', 'NotReadableError'))");

        await bob.AcceptCall();

        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Viv cannot use your camera or microphone." })).ToHaveCountAsync(1);
        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Call rejected." })).ToHaveCountAsync(1);
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "No answer" }).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        foreach (var person in new[] { alice, bob })
        {
            await Expect(person.CallView).ToBeHiddenAsync();
            await Expect(person.IncomingCall).ToBeHiddenAsync();
            await Expect(person.Page.Locator("html")).ToHaveAttributeAsync("data-call", "idle");
        }
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");
        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
    }

    [Fact]
    public async Task When_the_callee_reloads_mid_call_the_call_ends_cleanly_for_both()
    {
        await using var duo = await Contacts();
        var (alice, bob, _, bobName) = duo;
        await alice.Call(bobName);
        await AcceptVideoCall(bob);
        await alice.PeerConnected();

        await bob.Page.ReloadAsync();

        await Expect(alice.CallView).ToBeHiddenAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Call ended." })).ToHaveCountAsync(1);
        await Person.Connected(bob.Page);
        await Expect(bob.CallView).ToBeHiddenAsync();
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");
    }

    private static Task<HubRelay> InACallThroughARelay(Duo duo) => HubRelay.InACall(duo.Alice, duo.AliceName, duo.Bob, duo.BobName);

    /// <summary>
    /// The server closes a page's connection with an error mid-call (here: a frame it cannot read; its
    /// close allows the client to reconnect). The page connects again and rejoins its call on the new
    /// connection: it goes on negotiating (a shared screen reaches the other) and hangs up for both.
    /// </summary>
    [Fact]
    public async Task A_page_whose_connection_the_server_closed_with_an_error_mid_call_reconnects_and_stays_in_the_call()
    {
        await using var duo = await Contacts();
        var hub = await InACallThroughARelay(duo);
        var (alice, bob, _, bobName) = duo;

        var rejoined = hub.Reply(connection: 1, "Rejoin");
        hub.SendUnreadable();
        Assert.True((await rejoined.WaitAsync(TimeSpan.FromSeconds(15))).GetProperty("ok").GetBoolean());

        await bob.CallView.GetByRole(AriaRole.Button, new() { Name = "Share screen" }).ClickAsync();
        await alice.ShowsCamera(bobName, camera: false);
        await bob.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();
        await Expect(bob.CallView).ToBeHiddenAsync();
    }

    /// <summary>
    /// A page whose connection the server closed mid-call gets back only after the call ended (here
    /// the other hung up while its network was down): the room refuses it, and the page ends the call
    /// too instead of showing a call nobody is in.
    /// </summary>
    [Fact]
    public async Task A_page_that_connects_again_after_its_call_ended_ends_it_too()
    {
        await using var duo = await Contacts();
        var hub = await InACallThroughARelay(duo);
        var (alice, bob, _, _) = duo;

        hub.Refusing = true;
        hub.SendUnreadable();
        await Expect(bob.Page.Locator("html")).Not.ToHaveAttributeAsync("data-connection", "connected");
        await alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();
        await Expect(bob.CallView).ToBeVisibleAsync();

        var rejoined = hub.Reply(connection: 1, "Rejoin");
        hub.Refusing = false;
        Assert.Equal("This call has ended.", (await rejoined.WaitAsync(TimeSpan.FromSeconds(15))).GetProperty("error").GetString());
        await Expect(bob.CallView).ToBeHiddenAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Call ended." })).ToHaveCountAsync(1);
    }

    /// <summary>Every audio context the page makes, and whether noise suppression made it (its stack names the module).</summary>
    private const string AudioContextTracker = """
        (() => {
          const Native = window.AudioContext;
          window.__audio = [];
          window.AudioContext = class extends Native {
            constructor(...args) {
              super(...args);
              window.__audio.push({ context: this, suppression: new Error().stack.includes("noise-suppression.js") });
            }
          };
        })();
        """;

    private static Task<string[]> SuppressionContexts(Person person) =>
        person.Page.EvaluateAsync<string[]>("() => window.__audio.filter(a => a.suppression).map(a => a.context.state)");

    /// <summary>
    /// The frame worker (end-to-end encryption through the media server) loads its modules in the
    /// time it takes a call to ring, on both pages, instead of between Accept and the first frame.
    /// </summary>
    [Fact]
    public async Task The_frame_worker_starts_on_both_pages_while_the_call_rings_before_it_is_answered_and_the_call_keeps_that_one()
    {
        await using var duo = await Contacts();
        var (alice, bob, aliceName, bobName) = duo;
        await bob.Page.GotoAsync("/");
        await Person.Connected(bob.Page);
        FrameWorkers(alice).Should().BeEmpty("no call was placed or rang on this page yet");
        FrameWorkers(bob).Should().BeEmpty("no call was placed or rang on this page yet");

        var placing = alice.Page.WaitForWorkerAsync(new() { Predicate = IsFrameWorker });
        var ringing = bob.Page.WaitForWorkerAsync(new() { Predicate = IsFrameWorker });
        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        await Task.WhenAll(placing, ringing);
        await Expect(bob.IncomingCall.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToBeVisibleAsync();

        await bob.AcceptCall();
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);
        FrameWorkers(alice).Should().ContainSingle("the call uses the worker the placing started");
        FrameWorkers(bob).Should().ContainSingle("the call uses the worker the ring started");
    }

    private static bool IsFrameWorker(IWorker worker) => worker.Url.EndsWith("/js/calls/e2ee/frame-worker.js", StringComparison.Ordinal);

    private static IWorker[] FrameWorkers(Person person) => [.. person.Page.Workers.Where(IsFrameWorker)];

    [Fact]
    public async Task Noise_suppression_is_made_ready_while_it_rings_used_once_answered_and_let_go_when_the_call_is_rejected_or_cancelled()
    {
        await using var duo = await Contacts(suppressingNoise: true);
        var (alice, bob, _, bobName) = duo;
        await bob.Context.AddInitScriptAsync(AudioContextTracker);
        await bob.Page.GotoAsync("/");
        await Person.Connected(bob.Page);
        var calling = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" });

        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        (await SuppressionContexts(bob)).Should().Equal(["suspended"], "the ring prepares one context, which plays nothing yet");
        await bob.IncomingCall.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await bob.Page.WaitForFunctionAsync("() => window.__audio.filter(a => a.suppression).every(a => a.context.state === 'closed')");
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "No answer" }).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await alice.Call(bobName);
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        await calling.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(bob.IncomingCall).ToBeHiddenAsync();
        (await SuppressionContexts(bob)).Should().Equal(["closed", "closed"], "a ring cancelled by the caller lets its context go too");

        await alice.Call(bobName);
        await bob.AcceptCall();
        await alice.PeerConnected();
        await bob.PeerConnected();
        (await SuppressionContexts(bob)).Should().Equal(["closed", "closed", "running"], "answering builds the graph on the context the ring prepared, and no other");
        var sent = await bob.Page.EvaluateAsync<string>("() => window.__peers.flatMap(pc => pc.getSenders()).find(s => s.track?.kind === 'audio').track.label");
        sent.Should().NotContain("Fake", "the call sends RNNoise's output, not the microphone itself");

        await bob.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();
        await bob.Page.WaitForFunctionAsync("() => window.__audio.filter(a => a.suppression).every(a => a.context.state === 'closed')");
    }
}
