using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Viv.Testing;

/// <summary>Someone using Viv in their own browser; acts only through what the page shows (the UI contract's names).</summary>
public sealed class Person : IAsyncDisposable
{
    public Person(IBrowserContext context, IPage page)
    {
        (Context, Page) = (context, page);
        // Page errors go to the test output: the first thing to read when a browser test fails. The
        // test's output is taken here, in the test: Playwright raises its events on threads of its own,
        // where TestContext.Current knows no test, and they were lost.
        var output = TestContext.Current.TestOutputHelper;
        void Tell(string what)
        {
            try
            {
                output?.WriteLine($"[{Username}] {what}");
            }
            catch (InvalidOperationException)
            {
                // The test has ended: a page closing after it has nobody to tell.
            }
        }
        context.Console += (_, message) =>
        {
            // Playwright's own word on every page of a context without service workers (most tests), twice a page.
            if (message.Type is "error" or "warning" && message.Text != "Service Worker registration blocked by Playwright")
            {
                Tell($"console {message.Type}: {message.Text}");
            }
        };
        // An exception no script caught (in an event handler, say) is not a console message.
        context.WebError += (_, error) => Tell($"uncaught: {error.Error}");
    }

    public const string Password = "correct horse battery";

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Username { get; private set; } = "";

    public static string NewUsername(string prefix = "pw") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public async Task Register(string fullName, FilePayload? picture = null, string? username = null)
    {
        Username = username ?? NewUsername();
        await Page.GotoAsync("/Account/Register");
        await Page.GetByLabel("Username").FillAsync(Username);
        await Page.GetByLabel("Full name").FillAsync(fullName);
        await Page.GetByLabel("Password").FillAsync(Password);
        if (picture is not null)
        {
            await Page.GetByLabel("Profile picture").SetInputFilesAsync(picture);
        }
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }

    /// <summary>
    /// Signs this browser in as someone registered without it (<see cref="HubUser.Register"/>): their session
    /// cookie goes into the browser's cookie jar, as it would after a login on another page.
    /// </summary>
    public Task SignedInAs(VivSession session, string username)
    {
        Username = username;
        return Context.AddCookiesAsync(session.Cookies.GetAllCookies().Select(cookie => new Microsoft.Playwright.Cookie
        {
            Name = cookie.Name,
            Value = cookie.Value,
            Domain = cookie.Domain,
            Path = cookie.Path,
            HttpOnly = cookie.HttpOnly,
            Secure = cookie.Secure,
            // .NET's cookie does not keep SameSite; Viv sets its cookies Lax (AccountsSetup).
            SameSite = SameSiteAttribute.Lax,
        }));
    }

    public async Task LogIn(string username, string password = Password)
    {
        Username = username;
        await Page.GotoAsync("/Account/Login");
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    public Task LogOut() => Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

    /// <summary>The contact list item holding someone's full name.</summary>
    public ILocator Contact(string fullName) =>
        Page.GetByRole(AriaRole.List, new() { Name = "Contacts", Exact = true }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = fullName });

    /// <summary>Every meeting in the Upcoming list on /Meetings whose text holds <paramref name="title"/>.</summary>
    public ILocator UpcomingMeetings(string title) =>
        Page.GetByRole(AriaRole.List, new() { Name = "Upcoming" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = title });

    /// <summary>The first meeting in the Upcoming list whose text holds <paramref name="title"/>.</summary>
    public ILocator UpcomingMeeting(string title) => UpcomingMeetings(title).First;

    public async Task SearchAndAdd(string fullName)
    {
        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).FillAsync(fullName);
        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).PressAsync("Enter");
        var result = Page.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = fullName });
        await result.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Expect(result).ToContainTextAsync("Request sent");
    }

    /// <summary>
    /// Test-only instrumentation: keeps every RTCPeerConnection the page creates in
    /// <c>window.__peers</c> and every data channel in <c>window.__channels</c>, so tests can read
    /// states and stats as the browser reports them, and play a hostile peer.
    /// </summary>
    public const string PeerTracker = """
        (() => {
          const Native = window.RTCPeerConnection;
          if (!Native) return;
          window.__peers = [];
          window.__channels = [];
          window.RTCPeerConnection = class extends Native {
            constructor(...args) {
              super(...args);
              window.__peers.push(this);
              this.addEventListener('datachannel', ({ channel }) => window.__channels.push(channel));
            }
            createDataChannel(...args) {
              const channel = super.createDataChannel(...args);
              window.__channels.push(channel);
              return channel;
            }
          };
        })();
        """;

    public ILocator IncomingCall => Page.GetByRole(AriaRole.Dialog, new() { Name = "Incoming call" });

    public ILocator CallView => Page.GetByRole(AriaRole.Region, new() { Name = "Call" });

    /// <summary>Presses Video call or Voice call on a contact and confirms.</summary>
    public async Task Call(string fullName, string kind = "Video call")
    {
        await Contact(fullName).GetByRole(AriaRole.Button, new() { Name = kind }).ClickAsync();
        await ConfirmCall(fullName).GetByRole(AriaRole.Button, new() { Name = "Call", Exact = true }).ClickAsync();
    }

    /// <summary>The dialog that asks "Call Ada @ada?" before calling someone of that full name.</summary>
    public ILocator ConfirmCall(string fullName) =>
        Page.GetByRole(AriaRole.Dialog, new() { NameRegex = new Regex($"^Call {Regex.Escape(fullName)} @\\S+\\?$") });

    public async Task AcceptCall()
    {
        try
        {
            await IncomingCall.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Accept could not be pressed at {Page.Url}: {await Rendering()}", e);
        }
    }

    /// <summary>
    /// Whether the page runs script and paints, for an action that timed out: Playwright presses a button only once
    /// it stayed in place over two painted frames, and waited 15 s in vain for that once in CI (ClusterTests, load 15)
    /// with the button there and nothing else in its log.
    /// </summary>
    private async Task<string> Rendering()
    {
        var reading = Page.EvaluateAsync<string>("""
            () => new Promise((resolve) => {
              const start = performance.now();
              let frames = 0;
              let counting = true;
              const frame = () => { frames++; if (counting) requestAnimationFrame(frame); };
              requestAnimationFrame(frame);
              setTimeout(() => (counting = false) || resolve(`${frames} frames painted in ${Math.round(performance.now() - start)} ms, `
                + `page ${document.visibilityState}, ringing dialog ${document.querySelector("[data-call-incoming]")?.open ? "open" : "closed"}`), 1000);
            })
            """);
        var answered = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(10)));
        return answered == reading ? await reading : "its script did not answer within 10 s";
    }

    /// <summary>In a call, presses Add participant and adds a contact by their full name.</summary>
    public async Task AddToCall(string fullName)
    {
        await CallView.GetByRole(AriaRole.Button, new() { Name = "Add participant" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog, new() { Name = "Add participant" }).GetByRole(AriaRole.Button, new() { Name = $"Add {fullName}" }).ClickAsync();
    }

    /// <summary>The call screen's tile of someone of that full name (their picture or video, name and state).</summary>
    public ILocator Tile(string fullName) => CallView.GetByRole(AriaRole.Figure).Filter(new() { HasText = fullName });

    /// <summary>The call's chat log.</summary>
    public ILocator Messages => Page.GetByRole(AriaRole.Log, new() { Name = "Messages" });

    /// <summary>Waits for the page's chat channels to the others to open, as the browser reports them.</summary>
    public async Task ChatConnected(int others)
    {
        try
        {
            await Page.WaitForFunctionAsync("n => window.__channels.filter(c => c.label === 'chat' && c.readyState === 'open').length === n", others);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{others} chat channels are not open at {Page.Url}: {await ChatState()}", e);
        }
    }

    /// <summary>
    /// Waits for <paramref name="words"/> in this page's chat, said by <paramref name="fromName"/>; when
    /// they do not arrive, says what this page's and the <paramref name="sender"/>'s channels, connections
    /// and hub connection were (ForwardedCallTests lost a message once in CI, with nothing more to go on).
    /// </summary>
    public async Task HearsInChat(string words, string fromName, Person sender)
    {
        try
        {
            await Expect(Messages.GetByRole(AriaRole.Listitem).Filter(new() { HasText = words })).ToContainTextAsync(fromName);
        }
        catch (PlaywrightException e)
        {
            throw new TimeoutException($"\"{words}\" from {fromName} did not arrive at {Page.Url}: {await ChatState()}; at the sender: {await sender.ChatState()}", e);
        }
    }

    private Task<string> ChatState() => Page.EvaluateAsync<string>("""
        () => JSON.stringify({
          hub: document.documentElement.dataset.connection,
          messages: document.querySelectorAll("[data-chat-log] li").length,
          channels: window.__channels.map(c => `${c.label}:${c.readyState}`),
          peers: window.__peers.map(pc => `${pc.connectionState}/${pc.signalingState}/${pc.iceConnectionState}`
            + (pc.remoteDescription?.sdp.includes("WMS janus") ? " janus" : "")),
        })
        """);

    /// <summary>
    /// Waits until Viv's service worker is activated. <c>navigator.serviceWorker.ready</c> alone
    /// resolves as soon as the worker starts activating, while its activate handler still runs.
    /// </summary>
    public Task ServiceWorkerActivated() =>
        Page.WaitForFunctionAsync("async () => (await navigator.serviceWorker.ready).active.state === 'activated'");

    /// <summary>Presses Chat to show the chat panel, or to hide it when <paramref name="open"/> is false.</summary>
    public async Task OpenChat(bool open = true)
    {
        await CallView.GetByRole(AriaRole.Button, new() { Name = "Chat" }).ClickAsync();
        var panel = CallView.GetByRole(AriaRole.Complementary, new() { Name = "Chat", IncludeHidden = true });
        await (open ? Expect(panel).ToBeVisibleAsync() : Expect(panel).ToBeHiddenAsync());
    }

    /// <summary>Types a chat message and presses Send.</summary>
    public async Task Say(string words)
    {
        await CallView.GetByLabel("Message", new() { Exact = true }).FillAsync(words);
        await CallView.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
    }

    /// <summary>
    /// The people named, each in the browser <paramref name="newPerson"/> opens, registered and made contacts
    /// of the first through Viv's own endpoints rather than its pages (for tests about something else: the
    /// pages cost 3.3 CPU-s a pair, this 2.0, DEVELOPERS.md), then left as <see cref="BecomeContacts"/> leaves
    /// them: the first on the contacts page, the others at home, each seeing the other online.
    /// </summary>
    public static async Task<Person[]> Acquainted(Uri server, Func<Task<Person>> newPerson, IReadOnlyList<string> names)
    {
        var users = new HubUser[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            users[i] = await HubUser.SignIn(server, names[i]);
            if (i > 0)
            {
                await users[0].BecomeContacts(users[i]);
            }
        }
        var people = new Person[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            people[i] = await newPerson();
            await people[i].SignedInAs(users[i].Session, users[i].Username);
            await users[i].DisposeAsync();
            await people[i].Page.GotoAsync(i == 0 ? "/Contacts" : "/");
            await Connected(people[i].Page);
        }
        for (var i = 1; i < names.Count; i++)
        {
            await Expect(people[0].Contact(names[i])).ToContainTextAsync("Online");
            await Expect(people[i].Contact(names[0])).ToContainTextAsync("Online");
        }
        return people;
    }

    /// <summary>Two people become contacts the way people do: search, add, accept.</summary>
    public static async Task BecomeContacts(Person asker, string askerName, Person answerer, string answererName)
    {
        await asker.Page.GotoAsync("/Contacts");
        await Connected(asker.Page);
        await answerer.Page.GotoAsync("/");
        await Connected(answerer.Page);
        await asker.SearchAndAdd(answererName);
        await answerer.Contact(askerName).GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(asker.Contact(answererName)).ToContainTextAsync("Online");
        await Expect(answerer.Contact(askerName)).ToContainTextAsync("Online");
    }

    /// <summary>Waits until the page's live connection to Viv is up, as the app marks it on the document.</summary>
    public static Task Connected(IPage page) =>
        Expect(page.Locator("html[data-connection=connected]")).ToHaveCountAsync(1);

    /// <summary>
    /// A datetime-local value some seconds from now, in the browser's time zone and to the second
    /// (the meeting form sends the instant). A whole minute is moved on a second, as the input would
    /// drop its ":00".
    /// </summary>
    public Task<string> LocalTimeIn(int seconds) => Page.EvaluateAsync<string>("""
        seconds => {
          const d = new Date(Date.now() + seconds * 1000);
          if (d.getSeconds() === 0) d.setSeconds(1);
          return new Date(d - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
        }
        """, seconds);

    public static FilePayload Picture() => new() { Name = "me.png", MimeType = "image/png", Buffer = TestImages.Png() };

    public static string Screenshot(string name)
    {
        var folder = Path.Combine(VivServer.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    /// <summary>Waits for a connected peer; on timeout the failure says what state every peer was in.</summary>
    public async Task PeerConnected()
    {
        try
        {
            await Page.WaitForFunctionAsync("() => window.__peers?.some(pc => pc.connectionState === 'connected')");
        }
        catch (TimeoutException e)
        {
            var states = await Page.EvaluateAsync<string>(
                "() => JSON.stringify((window.__peers ?? []).map(pc => [pc.connectionState, pc.iceConnectionState, pc.signalingState, pc.iceGatheringState]))");
            throw new TimeoutException($"No peer connected on {Page.Url}; peers (connection, ICE, signaling, gathering): {states}", e);
        }
    }

    private const string InboundBytes = """
        async (kind) => {
          let bytes = 0;
          for (const pc of window.__peers) (await pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === kind) bytes += r.bytesReceived; });
          return bytes;
        }
        """;

    /// <summary>Reads inbound RTP bytes of a kind twice, as getStats reports them, and waits for the second to be larger.</summary>
    public async Task ReceivesMedia(string kind)
    {
        var first = await Page.EvaluateAsync<long>(InboundBytes, kind);
        await Page.WaitForFunctionAsync($"async ([kind, first]) => (await ({InboundBytes})(kind)) > first", new object[] { kind, first });
    }

    /// <summary>
    /// From now on the page times, every 100 ms, the longest stretch in which no inbound media of
    /// <paramref name="kind"/> arrived (<see cref="LongestMediaStall"/>): how long a call's media stopped.
    /// </summary>
    public Task WatchMediaStalls(string kind) => Page.EvaluateAsync($$"""
        async (kind) => {
          const inbound = {{InboundBytes}};
          let last = await inbound(kind), since = performance.now();
          window.__longestStall = 0;
          setInterval(async () => {
            const bytes = await inbound(kind), now = performance.now();
            if (bytes > last) { last = bytes; since = now; }
            window.__longestStall = Math.max(window.__longestStall, now - since);
          }, 100);
        }
        """, kind);

    /// <summary>In milliseconds, since <see cref="WatchMediaStalls"/>.</summary>
    public Task<double> LongestMediaStall() => Page.EvaluateAsync<double>("() => window.__longestStall");

    /// <summary>The selector of the video of someone of that full name; its label is their name and @username.</summary>
    public static string VideoOf(string fullName) => $"video[aria-label^='{fullName} @']";

    /// <summary>Someone's video on the call screen: frames have a size and playback time moves on.</summary>
    public async Task SeesVideoOf(string fullName)
    {
        var video = VideoOf(fullName);
        try
        {
            await Page.WaitForFunctionAsync("v => document.querySelector(v)?.videoWidth > 0", video);
            var before = await Page.EvalOnSelectorAsync<double>(video, "v => v.currentTime");
            await Page.WaitForFunctionAsync("([v, t]) => document.querySelector(v).currentTime > t", new object[] { video, before });
        }
        catch (TimeoutException e)
        {
            var seen = await Page.EvaluateAsync<string>("""
                (selector) => {
                  const video = document.querySelector(selector);
                  return video ? JSON.stringify({ width: video.videoWidth, time: video.currentTime, readyState: video.readyState,
                    tracks: video.srcObject?.getTracks().map(t => `${t.kind}:${t.readyState}:${t.muted ? "muted" : "live"}`) }) : "no such video";
                }
                """, video);
            throw new TimeoutException($"{fullName}'s video does not play at {Page.Url}: {seen}", e);
        }
        await Expect(Page.Locator(video)).ToBeVisibleAsync();
    }

    /// <summary>
    /// Waits until someone's video at this person is their camera or not, judged by its shape:
    /// Chromium's fake camera is 4:3 and its fake screen is not. Sizes alone would not do: under CPU
    /// load WebRTC scales a stream down, camera and screen alike, but keeps its shape.
    /// </summary>
    public async Task ShowsCamera(string fullName, bool camera) =>
        await Page.WaitForFunctionAsync("""
            ([selector, camera]) => {
              const video = document.querySelector(selector);
              if (!video || video.videoHeight === 0) return false;
              const fourByThree = Math.abs(video.videoWidth / video.videoHeight - 4 / 3) < 0.05;
              return camera === fourByThree;
            }
            """, new object[] { VideoOf(fullName), camera });

    /// <summary>
    /// Someone's video plays (<see cref="SeesVideoOf"/>) and arrives from the media server: its track
    /// is received on a connection whose DTLS certificate is Janus's, the one Janus answered this
    /// page's publishing connection with (Janus names itself in that answer: "WMS janus").
    /// </summary>
    /// <param name="fullName">Whose video.</param>
    /// <param name="notFrom">A Janus certificate (<see cref="MediaServerCertificate"/>) the video must not come from: one that died.</param>
    public async Task SeesForwardedVideoOf(string fullName, string? notFrom = null)
    {
        try
        {
            await Page.WaitForFunctionAsync("""
                ([selector, notFrom]) => {
                  const track = document.querySelector(selector)?.srcObject?.getVideoTracks()[0];
                  const certificate = (pc) => pc.remoteDescription?.sdp.match(/^a=fingerprint:(.*)$/m)?.[1];
                  const janus = window.__peers.filter(pc => pc.remoteDescription?.sdp.includes("a=msid-semantic: WMS janus")).map(certificate);
                  return !!track && window.__peers.some(pc => pc.connectionState !== "closed" && janus.includes(certificate(pc)) && certificate(pc) !== notFrom
                    && pc.getReceivers().some(r => r.track === track));
                }
                """, new object?[] { VideoOf(fullName), notFrom });
            await SeesVideoOf(fullName);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{fullName}'s video at {Page.Url} is not received from the media server; {await Receivers(fullName)}", e);
        }
    }

    /// <summary>
    /// Whether someone's tile shows their picture instead of their video, as it does for those whose
    /// video the media server holds back from this page (a call past the video limit). Waits first for
    /// the tile to know (its <c>data-video</c>): before anything of theirs arrived, a tile shows the
    /// picture and no video anyway.
    /// </summary>
    public async Task ShowsPictureOf(string fullName, bool picture)
    {
        var tile = Page.Locator("figure.tile", new() { Has = Page.Locator(VideoOf(fullName)) });
        try
        {
            await Expect(tile).ToHaveAttributeAsync("data-video", picture ? "false" : "true");
            await Expect(tile.Locator(".avatar")).ToBeVisibleAsync(new() { Visible = picture });
            await Expect(tile.Locator("video")).ToHaveCSSAsync("opacity", picture ? "0" : "1");
        }
        catch (PlaywrightException e)
        {
            var video = await tile.GetAttributeAsync("data-video");
            throw new TimeoutException($"{fullName}'s tile at {Page.Url} has data-video={video ?? "(none)"}; {await Receivers(fullName)}", e);
        }
    }

    /// <summary>
    /// Someone's video arrives <paramref name="width"/> pixels wide: which of the sizes their camera
    /// is sent in (full, half, quarter) reaches this page. A failure says what <paramref name="from"/>,
    /// their browser, was sending of each size then.
    /// </summary>
    public async Task ReceivesVideoOf(string fullName, int width, Person? from = null)
    {
        var video = VideoOf(fullName);
        try
        {
            await Page.WaitForFunctionAsync("([v, w]) => document.querySelector(v)?.videoWidth === w", new object[] { video, width });
        }
        catch (TimeoutException e)
        {
            var seen = await Page.EvaluateAsync<string>("""
                (v) => { const video = document.querySelector(v); const box = video?.getBoundingClientRect();
                  return video ? `${video.videoWidth}×${video.videoHeight} in a ${box.width}×${box.height} tile` : "no such video"; }
                """, video);
            var sent = from is null ? "" : $"; their browser sends {await from.SentVideoSizes()}";
            throw new TimeoutException($"{fullName}'s video at {Page.Url} is not {width} pixels wide: {seen}{sent}", e);
        }
    }

    /// <summary>
    /// Each video encoding this page sends, as its statistics say: size, frame rate and what limits its
    /// quality (the browser drops small sizes or scales its camera down when short of CPU or bandwidth).
    /// </summary>
    public Task<string> SentVideoSizes() => Page.EvaluateAsync<string>("""
        async () => JSON.stringify((await Promise.all(window.__peers.filter(pc => pc.connectionState !== "closed").map(async pc =>
          [...(await pc.getStats()).values()].filter(r => r.type === "outbound-rtp" && r.kind === "video")
            .map(r => ({ rid: r.rid, width: r.frameWidth, fps: r.framesPerSecond, limit: r.qualityLimitationReason, active: r.active }))))).flat())
        """);

    /// <summary>
    /// Someone's video plays (<see cref="SeesVideoOf"/>) and arrives straight from their browser: its
    /// track is received on a live connection whose DTLS certificate is not that of any Janus this
    /// page published to (see <see cref="SeesForwardedVideoOf"/>).
    /// </summary>
    public async Task SeesDirectVideoOf(string fullName)
    {
        try
        {
            await Page.WaitForFunctionAsync("""
                (selector) => {
                  const track = document.querySelector(selector)?.srcObject?.getVideoTracks()[0];
                  const certificate = (pc) => pc.remoteDescription?.sdp.match(/^a=fingerprint:(.*)$/m)?.[1];
                  const janus = window.__peers.filter(pc => pc.remoteDescription?.sdp.includes("a=msid-semantic: WMS janus")).map(certificate);
                  return !!track && window.__peers.some(pc => pc.connectionState === "connected" && !janus.includes(certificate(pc))
                    && pc.getReceivers().some(r => r.track === track));
                }
                """, VideoOf(fullName));
            await SeesVideoOf(fullName);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{fullName}'s video at {Page.Url} is not received directly; {await Receivers(fullName)}", e);
        }
    }

    /// <summary>
    /// The id of the stream someone's tile plays, once it is another than <paramref name="other"/>: a
    /// tile gets a new stream whenever the tracks that carry the person change.
    /// </summary>
    public async Task<string> VideoStreamOf(string fullName, string? other = null)
    {
        var stream = await Page.WaitForFunctionAsync("""
            ([selector, other]) => {
              const stream = document.querySelector(selector)?.srcObject;
              return stream && stream.id !== other ? stream.id : null;
            }
            """, new object?[] { VideoOf(fullName), other });
        return await stream.JsonValueAsync<string>();
    }

    /// <summary>
    /// Closes this page's publishing connection with the media server behind the page's back, as a
    /// network that broke between the browser and Janus would end it: Janus hangs that connection up.
    /// </summary>
    public Task CutPublishingConnection() => Page.EvaluateAsync("""
        () => window.__peers.filter(pc => pc.connectionState !== "closed" && pc.remoteDescription?.sdp.includes("a=msid-semantic: WMS janus")
          && pc.getTransceivers().every(t => t.direction === "sendonly")).forEach(pc => pc.close())
        """);

    /// <summary>For a failure message: the tracks of someone's tile, then each peer (certificate and stream names, connection, signaling, ICE and gathering states, ICE candidates in its descriptions, transceivers).</summary>
    private Task<string> Receivers(string fullName) => Page.EvaluateAsync<string>("""
        (selector) => JSON.stringify([document.querySelector(selector)?.srcObject?.getTracks().map(t => t.id),
          window.__peers.map(pc => [pc.remoteDescription?.sdp.match(/^a=(fingerprint:.*|msid-semantic:.*)$/gm), `${pc.connectionState}/${pc.signalingState}/${pc.iceConnectionState}/${pc.iceGatheringState}`,
          `candidates: ${pc.remoteDescription?.sdp.match(/^a=candidate:/gm)?.length ?? 0} remote, ${pc.localDescription?.sdp.match(/^a=candidate:/gm)?.length ?? 0} local in SDP`,
          pc.getTransceivers().map(t => `${t.mid}:${t.currentDirection}:${t.receiver.track.id}:${t.receiver.track.muted ? "muted" : "live"}`).join(" ")])])
        """, VideoOf(fullName));

    /// <summary>
    /// What this page's open connections send of its video, as the browser's stats say: per stream its
    /// rid, size, frames encoded, what limits its quality, and whether it is on.
    /// </summary>
    public Task<string> SentVideo() => Page.EvaluateAsync<string>("""
        async () => JSON.stringify(await Promise.all(window.__peers.filter(pc => pc.connectionState !== "closed").map(async pc =>
          [...(await pc.getStats()).values()].filter(s => s.type === "outbound-rtp" && s.kind === "video")
            .map(s => `${s.rid ?? "-"}:${s.frameWidth ?? 0}x${s.frameHeight ?? 0}:${s.framesEncoded}:${s.qualityLimitationReason}:${s.active}`).join(" "))))
        """);

    /// <summary>The DTLS certificate fingerprint of the Janus this page publishes to now.</summary>
    public Task<string> MediaServerCertificate() => Page.EvaluateAsync<string>("""
        () => window.__peers.filter(pc => pc.connectionState !== "closed" && pc.remoteDescription?.sdp.includes("a=msid-semantic: WMS janus"))
          .map(pc => pc.remoteDescription.sdp.match(/^a=fingerprint:(.*)$/m)[1])[0]
        """);

    /// <summary>How many of this page's peer connections are connected, as the browser reports them.</summary>
    public Task ConnectedPeers(int count) =>
        Page.WaitForFunctionAsync("n => window.__peers.filter(pc => pc.connectionState === 'connected').length === n", count);

    /// <summary>
    /// Presses Tab (Shift+Tab when <paramref name="backwards"/>) until <paramref name="target"/> has
    /// focus, checking at every stop that the focused control shows it.
    /// </summary>
    public async Task TabTo(ILocator target, bool backwards = false, int mostPresses = 40)
    {
        await Expect(target).ToBeVisibleAsync();
        for (var i = 0; i < mostPresses; i++)
        {
            await Page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            await ShowsFocus();
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }
        throw new InvalidOperationException($"{mostPresses} presses of {(backwards ? "Shift+Tab" : "Tab")} did not reach {target}; focus is on {await FocusedElement()}");
    }

    // A focus ring is an outline or a box shadow that is not empty; Pico draws box shadows and fades
    // them in. The fade is finished here, so that what is read is the ring it ends with: a transition
    // moves only as the page paints, and under load (CI, load 14 on two cores) a page once painted
    // nothing for seconds, leaving the ring transparent past a 2-s wait (KeyboardTests).
    private const string FocusShown = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body || !e.matches(':focus-visible')) return false;
          e.getAnimations().forEach(a => a.finish());
          const s = getComputedStyle(e);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
          const shadow = s.boxShadow !== 'none' && /[1-9][0-9.]*px/.test(s.boxShadow);
          return outline || shadow;
        }
        """;

    /// <summary>The focused control matches :focus-visible and draws an outline or a ring.</summary>
    public async Task ShowsFocus()
    {
        try
        {
            // Polled on a timer, not on painted frames (Playwright's default), for the same reason.
            await Page.WaitForFunctionAsync(FocusShown, null, new() { PollingInterval = 100 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"No visible focus indicator on {await FocusedElement()}", e);
        }
    }

    private Task<string> FocusedElement() => Page.EvaluateAsync<string>("""
        () => {
          const e = document.activeElement;
          const s = getComputedStyle(e);
          return `${e.outerHTML.slice(0, 160)} (focus-visible: ${e.matches(':focus-visible')}, outline: ${s.outline}, box-shadow: ${s.boxShadow})`;
        }
        """);

    /// <summary>The web node holding this page's hub connection, as the page shows it.</summary>
    public Task<string?> Node() => Page.EvaluateAsync<string?>("() => document.documentElement.dataset.node");
}
