using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Viv.Browser.Tests;

/// <summary>
/// Calls through a real Janus (the mesh limit is 2 here, so that a third browser crosses it) whose
/// frames every page seals and opens itself: everyone sees everyone, the call says so, two people
/// read the same safety code, the media server's operator plays nothing, keys open only what was sent
/// while their holder was in the call, and a browser without encoded transforms is told why it leaves
/// instead of sending its media readable.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class EncryptedCallTests(BrowserFixture fixture) : IAsyncLifetime
{
    /// <summary>
    /// What a participant's page opens of the frames given, with every media key the hub brought it
    /// (each <c>mediaKey</c> event), unwrapped with the device key the page keeps, and Viv's own modules:
    /// how many frames open, and whether a frame that opened still opens with one bit of it changed.
    /// </summary>
    private const string Opens = """
        async ({ keyMessages, frames }) => {
          const module = (name) => import(`/js/calls/e2ee/${name}.js`);
          const [{ unwrapMediaKey }, { openDeviceStore }, { fromBase64Url }, { deriveKeySalt }, { openFrame }, { createReplayWindow }] =
            await Promise.all(["key-wrap", "device-store", "bytes", "sframe", "media-frame", "replay-window"].map(module));
          const { identity } = await openDeviceStore(document.body.dataset.userId);
          const keys = [];
          for (const { callId, message } of JSON.parse(keyMessages)) {
            const key = await unwrapMediaKey({ identity, sender: fromBase64Url(message.from), callId, message });
            if (!key.refused) keys.push(await deriveKeySalt(key.kid, key.baseKey, "decrypt"));
          }
          const opens = async (mimeType, bytes) => {
            for (const key of keys) {
              const keyFor = (kid) => (kid === key.kid ? { key, replay: createReplayWindow() } : undefined);
              if ((await openFrame(keyFor, mimeType, bytes)).frame) return true;
            }
            return false;
          };
          let opened = 0;
          let tamperedOpened = false;
          for (const { mimeType, data } of JSON.parse(frames)) {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            if (!(await opens(mimeType, bytes))) continue;
            if (opened++ > 0) continue;
            bytes[bytes.length - 1] ^= 1;
            tamperedOpened = await opens(mimeType, bytes);
          }
          return { keys: keys.length, opened, tamperedOpened };
        }
        """;

    private JanusServer _janus = null!;
    private JanusWiretap _wiretap = null!;
    private VivServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _janus = await JanusServer.Start("janus-e2ee");
        _wiretap = new JanusWiretap(_janus);
        _server = await VivServer.Start(new Dictionary<string, string>(_wiretap.Settings()) { ["Viv:Calls:MeshLimit"] = "2" });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _wiretap.DisposeAsync();
        await _janus.DisposeAsync();
    }

    private sealed record Opening
    {
        public int Keys { get; init; }

        public int Opened { get; init; }

        public bool TamperedOpened { get; init; }
    }

    /// <summary>Waits (15 s at most) for a page to receive a media key after the <paramref name="received"/> it had.</summary>
    private static async Task NewKeyFor(HubTraffic traffic, int received)
    {
        for (var waited = 0; traffic.Received("mediaKey").Count <= received; waited++)
        {
            Assert.True(waited < 150, "No new media key reached the page.");
            await Task.Delay(100);
        }
    }

    private static Task<Opening> OpensOf(Person person, HubTraffic traffic, string frames) =>
        person.Page.EvaluateAsync<Opening>(Opens, new { keyMessages = new JsonArray([.. traffic.Received("mediaKey").Select(m => m.DeepClone())]).ToJsonString(), frames });

    /// <summary>Records a phase until at least ten video frames of each of <paramref name="feeds"/> lines arrived.</summary>
    private static async Task<string> Recorded(Eavesdropper eavesdropper, string phase, int feeds)
    {
        await eavesdropper.Record(phase);
        await eavesdropper.Page.Page.WaitForFunctionAsync("""
            ([phase, feeds]) => {
              const perLine = new Map();
              eavesdropped.frames.filter(f => f.phase === phase && f.mimeType.startsWith("video/")).forEach(f => perLine.set(f.mid, (perLine.get(f.mid) ?? 0) + 1));
              return [...perLine.values()].filter(n => n >= 10).length >= feeds;
            }
            """, new object[] { phase, feeds });
        await eavesdropper.Record(null);
        return await eavesdropper.Frames(phase);
    }

    private Task<(Person Person, string Name)[]> HostAndFriends(int count) => CallParty.HostAndFriends(_server.BaseAddress, () => fixture.NewPerson(_server), count);

    private static ILocator Encrypted(Person person) => person.CallView.GetByText("End-to-end encrypted");

    /// <summary>The safety code <paramref name="person"/>'s page shows for <paramref name="other"/>, read from the dialog the call's button opens.</summary>
    private static async Task<string> SafetyCode(Person person, string other)
    {
        await person.CallView.GetByRole(AriaRole.Button, new() { Name = "Safety codes" }).ClickAsync();
        var dialog = person.Page.GetByRole(AriaRole.Dialog, new() { Name = "Safety codes" });
        var code = dialog.GetByRole(AriaRole.Listitem).Filter(new() { HasText = other }).Locator("code");
        await Expect(code).ToHaveTextAsync(new Regex(@"^(\d{5} ){7}\d{5}$"));
        var text = await code.TextContentAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        return text!;
    }

    [Fact]
    public async Task Four_people_see_each_other_and_read_the_same_safety_codes_while_the_media_servers_operator_plays_nothing_a_newcomer_opens_nothing_sent_before_and_a_leaver_nothing_sent_after()
    {
        // Each page's hub traffic is heard from its first connection on.
        var heardBy = new Dictionary<Person, HubTraffic>();
        var people = await CallParty.HostAndFriends(_server.BaseAddress, async () =>
        {
            var person = await fixture.NewPerson(_server);
            heardBy[person] = new HubTraffic(person.Page);
            return person;
        }, 4);
        Eavesdropper? eavesdropper = null;
        try
        {
            var (host, hostName) = people[0];
            var (friend, friendName) = people[1];
            var (leaver, leaverName) = people[2];
            var (newcomer, newcomerName) = people[3];
            var traffic = people.Select(p => heardBy[p.Person]).ToArray();
            await host.Call(friendName);
            await friend.AcceptCall();
            await Expect(Encrypted(host)).ToBeHiddenAsync();
            await host.AddToCall(leaverName);
            await leaver.AcceptCall();
            await CallParty.EveryoneSeesEveryoneForwarded(people.Take(3));

            var (room, pin) = await _wiretap.LatestRoom();
            eavesdropper = await Eavesdropper.Join(_janus, room, pin, await fixture.NewPerson(_server, contentSecurityPolicy: false));
            var before = await Recorded(eavesdropper, "before", feeds: 3);

            // Once the newcomer sees everyone, every sender seals with a key drawn after they came.
            await host.AddToCall(newcomerName);
            await newcomer.AcceptCall();
            await CallParty.EveryoneSeesEveryoneForwarded(people);
            foreach (var (person, _) in people)
            {
                await Expect(Encrypted(person)).ToBeVisibleAsync();
            }
            var hostsCode = await SafetyCode(host, friendName);
            Assert.Equal(hostsCode, await SafetyCode(friend, hostName));
            Assert.NotEqual(hostsCode, await SafetyCode(host, newcomerName));
            var afterJoining = await Recorded(eavesdropper, "after joining", feeds: 3);

            // The leaver hangs up. Those who stay each draw a new key and send it to each other (never to
            // the leaver), and seal with it a second (call-keys.js switchDelayMs) after sending it.
            var keysBeforeLeaving = traffic.Select(t => t.Received("mediaKey").Count).ToArray();
            await leaver.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
            await Expect(leaver.CallView).ToBeHiddenAsync();
            foreach (var stays in new[] { 0, 1, 3 })
            {
                await NewKeyFor(traffic[stays], keysBeforeLeaving[stays]);
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var afterLeaving = await Recorded(eavesdropper, "after leaving", feeds: 2);

            // All along, the eavesdropper's browser received everyone's video and decoded not one frame of it:
            // each VP8 frame says its first partition is longer than any frame (clear-bytes.js). Before it
            // did, the decoder now and then took a sealed key frame and showed noise (1 of 1590 frames in a
            // fresh-clone run).
            var heard = await eavesdropper.Video();
            Assert.True(heard.FramesReceived >= 50, $"The eavesdropper received too little video to tell: {heard}");
            Assert.True(heard.FramesDecoded == 0 && heard.PicturesShown == 0, $"The eavesdropper decoded video: {heard}");

            // Everyone's keys open what was sealed while they were in the call (and a changed bit fails it),
            // the newcomer's nothing sealed before they came, the leaver's nothing sealed after they left.
            async Task Opens(int who, string frames, bool any)
            {
                var opening = await OpensOf(people[who].Person, traffic[who], frames);
                Assert.True(any ? opening.Opened > 0 && !opening.TamperedOpened : opening.Opened == 0, $"{people[who].Name}'s keys: {opening}");
            }
            await Opens(3, before, any: false);
            await Opens(3, afterJoining, any: true);
            await Opens(3, afterLeaving, any: true);
            await Opens(2, before, any: true);
            await Opens(2, afterJoining, any: true);
            await Opens(2, afterLeaving, any: false);
            await Opens(0, afterLeaving, any: true);
        }
        finally
        {
            if (eavesdropper is not null)
            {
                await eavesdropper.DisposeAsync();
            }
            foreach (var (person, _) in people)
            {
                await person.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_browser_that_cannot_encrypt_frames_is_told_why_it_leaves_a_call_moving_to_the_media_server_and_the_others_go_on()
    {
        var people = await HostAndFriends(3);
        try
        {
            var (host, _) = people[0];
            var (unable, unableName) = people[2];
            await unable.Context.AddInitScriptAsync("delete window.RTCRtpScriptTransform");
            await unable.Page.ReloadAsync();
            await Person.Connected(unable.Page);

            await host.Call(people[1].Name);
            await people[1].Person.AcceptCall();
            await host.AddToCall(unableName);
            await unable.AcceptCall();
            await Expect(unable.Page.GetByText("this browser cannot encrypt it, so you left the call")).ToBeVisibleAsync();
            await Expect(unable.CallView).ToBeHiddenAsync();
            foreach (var (person, _) in people.Take(2))
            {
                await Expect(person.Page.Locator(Person.VideoOf(unableName))).ToHaveCountAsync(0);
                await Expect(Encrypted(person)).ToBeVisibleAsync();
            }
            await CallParty.EveryoneSeesEveryoneForwarded(people.Take(2));
        }
        finally
        {
            foreach (var (person, _) in people)
            {
                await person.DisposeAsync();
            }
        }
    }
}
