namespace Viv.Browser.Tests;

/// <summary>
/// Never miss a call: a call to someone whose Viv tab is in the background raises a real system
/// notification (the browser's permission granted to the test context), and clicking it brings the
/// call forward.
/// </summary>
public sealed class NotificationTests(BrowserFixture fixture)
{
    /// <summary>
    /// Test-only instrumentation, recording and never replacing: every Notification the page makes is
    /// still the browser's own (a subclass that calls the real constructor and close), kept in
    /// <c>window.__notifications</c>; permission requests and window.focus calls are counted on their way through.
    /// </summary>
    private const string NotificationRecorder = """
        (() => {
          const Native = window.Notification;
          window.__notifications = [];
          window.__permissionRequests = 0;
          window.__focusCalls = 0;
          const focus = window.focus;
          window.focus = function (...args) {
            window.__focusCalls++;
            return focus.apply(this, args);
          };
          window.Notification = class extends Native {
            constructor(...args) {
              super(...args);
              this.closedByPage = false;
              window.__notifications.push(this);
            }
            close() {
              this.closedByPage = true;
              super.close();
            }
            static requestPermission(...args) {
              window.__permissionRequests++;
              return Native.requestPermission(...args);
            }
          };
        })();
        """;

    /// <summary>A notification as the browser holds it (its own attributes), and whether the page closed it.</summary>
    private sealed class Shown
    {
        public string Title { get; set; } = "";

        public string Body { get; set; } = "";

        public string Tag { get; set; } = "";

        public string Icon { get; set; } = "";

        public bool RequireInteraction { get; set; }

        public bool ClosedByPage { get; set; }
    }

    private static Task<Shown[]> Notifications(Person person) =>
        person.Page.EvaluateAsync<Shown[]>(
            "() => window.__notifications.map(n => ({ title: n.title, body: n.body, tag: n.tag, icon: n.icon, requireInteraction: n.requireInteraction, closedByPage: n.closedByPage }))");

    private static Task<int> Count(Person person, string counter) => person.Page.EvaluateAsync<int>($"() => window.{counter}");

    /// <summary>Waits for a condition in a page that may be in the background, where animation frames (Playwright's default polling) do not come.</summary>
    private static async Task Until(Person person, string condition, object? arg = null) =>
        await person.Page.WaitForFunctionAsync(condition, arg, new() { PollingInterval = 100 });

    private static ILocator Settings(Person person) => person.Page.GetByRole(AriaRole.Region, new() { Name = "Settings" });

    /// <summary>Puts the person's Viv tab in the background the way a person does: another tab comes to the front. Returns that tab.</summary>
    private static async Task<IPage> SwitchAway(Person person)
    {
        var other = await person.Context.NewPageAsync();
        await other.BringToFrontAsync();
        await Until(person, "() => document.visibilityState === 'hidden'");
        return other;
    }

    private static async Task RingAndCancel(Person caller, Person callee, string calleeName)
    {
        await caller.Call(calleeName);
        await Until(callee, "() => document.documentElement.dataset.call === 'ringing'");
        await caller.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Until(callee, "() => document.documentElement.dataset.call === 'idle'");
    }

    /// <summary>
    /// The person moves to a browser of their own (cookies with them), where tabs hide each other,
    /// with notifications allowed and <paramref name="scripts"/> in every page.
    /// </summary>
    private static async Task<Person> MoveToTabs(Person person, TabbedBrowser browser, params string[] scripts)
    {
        await browser.Context.AddCookiesAsync((await person.Context.CookiesAsync()).Select(c =>
            new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite }));
        await person.Page.CloseAsync();
        await browser.Context.GrantPermissionsAsync(["notifications"]);
        await browser.Context.AddInitScriptAsync(Person.PeerTracker);
        foreach (var script in scripts)
        {
            await browser.Context.AddInitScriptAsync(script);
        }
        return new Person(browser.Context, browser.Context.Pages.Count > 0 ? browser.Context.Pages[0] : await browser.Context.NewPageAsync());
    }

    /// <summary>
    /// Android's Chrome, where a page may not construct a Notification ("Illegal constructor") and
    /// shows one only through its service worker; the permission API works as anywhere.
    /// </summary>
    private const string PageNotificationsRefused = """
        (() => {
          const Native = window.Notification;
          window.Notification = class {
            constructor() {
              throw new TypeError("Failed to construct 'Notification': Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.");
            }
            static get permission() { return Native.permission; }
            static requestPermission(...args) { return Native.requestPermission(...args); }
          };
        })();
        """;

    /// <summary>
    /// Test-only instrumentation, recording and never replacing: the browser's answer to each
    /// showNotification the page makes, in <c>window.__workerNotifications</c> ("shown", or why not).
    /// </summary>
    private const string WorkerNotificationRecorder = """
        (() => {
          window.__workerNotifications = [];
          const show = ServiceWorkerRegistration.prototype.showNotification;
          ServiceWorkerRegistration.prototype.showNotification = function (...args) {
            const shown = show.apply(this, args);
            shown.then(() => window.__workerNotifications.push("shown"), (reason) => window.__workerNotifications.push(`not shown: ${reason}`));
            return shown;
          };
        })();
        """;

    private sealed class WorkerShown
    {
        public string Title { get; set; } = "";

        public string Body { get; set; } = "";

        public string Tag { get; set; } = "";

        public bool RequireInteraction { get; set; }
    }

    /// <summary>What the worker shows, once the page has the browser's answer to as many showNotification calls as the argument; null before.</summary>
    private const string WorkerNotifications = """
        async (answered) => window.__workerNotifications.length < answered ? null : (await (await navigator.serviceWorker.ready).getNotifications())
          .map(n => ({ title: n.title, body: n.body, tag: n.tag, requireInteraction: n.requireInteraction }))
        """;

    /// <summary>What decides whether the page asks for a notification and which one shows it (its own or the worker's), for the message of a wait that timed out.</summary>
    private const string PageState = """
        async () => `call ${document.documentElement.dataset.call}, ${document.visibilityState}, permission ${Notification.permission}, ` +
          `choice ${localStorage.getItem("viv.callNotifications")}, ringing dialog ${document.querySelector("[data-call-incoming]")?.open}, ` +
          `page notifications ${String(Notification).includes("Illegal constructor") ? "refused" : "allowed"}, ` +
          `worker ${navigator.serviceWorker.controller?.state ?? "not in control"}, ` +
          `registrations ${(await navigator.serviceWorker.getRegistrations()).map(r => `${r.scope} active ${r.active?.state}, waiting ${r.waiting?.state}, installing ${r.installing?.state}`).join("; ") || "none"}, ` +
          `showNotification answers ${JSON.stringify(window.__workerNotifications)}`
        """;

    /// <summary>
    /// Waits until the page has the browser's answer to its <paramref name="answered"/>th showNotification,
    /// then until the worker shows <paramref name="count"/> notifications (getNotifications answers with a
    /// promise, which WaitForFunction would take for a truthy value). Never asks the worker while a
    /// showNotification is under way: Chromium answers getNotifications with what is on screen at that
    /// moment and deletes from its store every older notification not among them, so one still on its
    /// way to the screen is missing from then on (a page showing 30 while asking getNotifications in a
    /// loop had 11 and 4 of them listed after, 30 of 30 without asking).
    /// </summary>
    private static async Task<WorkerShown[]> WorkerShows(Person person, int count, int answered)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var all = await person.Page.EvaluateAsync<WorkerShown[]?>(WorkerNotifications, answered);
            if (all?.Length == count)
            {
                return all;
            }
            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                var shows = all is null ? $"no answer yet to showNotification number {answered}" : $"{all.Length} notifications, not {count}";
                throw new TimeoutException($"The service worker shows {shows} ({await person.Page.EvaluateAsync<string>(PageState)})");
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Where_only_the_service_worker_may_notify_a_call_to_a_hidden_tab_is_shown_by_it_closed_when_cancelled_and_its_click_brings_the_call_forward()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, aliceName, bobName) = (contacts.Alice, contacts.AliceName, contacts.BobName);
        await using var browser = await TabbedBrowser.Start(fixture.Browser.BrowserType);
        var bob = await MoveToTabs(contacts.Bob, browser, PageNotificationsRefused, WorkerNotificationRecorder);
        await bob.Page.GotoAsync(fixture.Server.BaseAddress.ToString());
        await Person.Connected(bob.Page);
        // No ring before the browser's notifications are ready. Desktop Chromium starts them some time
        // after itself (on Linux it first looks for a notification server on D-Bus: seconds on a busy
        // machine), then deletes from its store each notification it did not have on screen at that
        // moment. A call notification shown earlier stays on screen but is missing from
        // getNotifications, so the test saw none and the page could never close it. The worker's
        // getNotifications answers only after that start.
        await WorkerShows(bob, 0, answered: 0);
        await Settings(bob).GetByRole(AriaRole.Button, new() { Name = "Turn on call notifications" }).ClickAsync();
        await Expect(Settings(bob).GetByText("Call notifications are")).ToHaveTextAsync("Call notifications are on.");

        // A ring in the background: the worker's notification, gone when the caller cancels.
        await SwitchAway(bob);
        await alice.Call(bobName);
        var shown = (await WorkerShows(bob, 1, answered: 1))[0];
        shown.Title.Should().Be($"\u2068{aliceName}\u2069 \u2068@{alice.Username}\u2069 is calling");
        shown.Body.Should().Be("Video call");
        shown.RequireInteraction.Should().BeTrue();
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await WorkerShows(bob, 0, answered: 1);

        // Rung again: the worker's click handler (run in the worker, as a click would run it) hands Accept the focus.
        await alice.Call(bobName);
        await WorkerShows(bob, 1, answered: 2);
        // The ringing dialog took the focus when it opened: let it go, so only the click can give it back.
        await bob.Page.EvaluateAsync("() => document.activeElement?.blur()");
        await browser.EvaluateInServiceWorker("(async () => clicked((await self.registration.getNotifications())[0], ''))()");
        await Until(bob, "() => document.activeElement?.matches('[data-call-incoming-accept]')");
        (await bob.Page.EvaluateAsync<WorkerShown[]>(WorkerNotifications, 2)).Should().BeEmpty("the click closed it");
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Until(bob, "() => document.documentElement.dataset.call === 'idle'");
    }

    [Fact]
    public async Task A_call_to_a_hidden_tab_raises_a_notification_that_brings_the_call_forward_and_closes_when_answered()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, aliceName, bobName) = (contacts.Alice, contacts.AliceName, contacts.BobName);
        await using var browser = await TabbedBrowser.Start(fixture.Browser.BrowserType);
        var bob = await MoveToTabs(contacts.Bob, browser, NotificationRecorder);
        var traffic = new HubTraffic(bob.Page);
        await bob.Page.GotoAsync(fixture.Server.BaseAddress.ToString());
        await Person.Connected(bob.Page);

        // Nothing asks on page load, even with the permission there for the asking: Bob turns them on.
        // Not a status role: the page's one status region is for notices; this sentence is a polite live region of its own.
        var state = Settings(bob).GetByText("Call notifications are");
        await Expect(state).ToHaveTextAsync("Call notifications are off.");
        (await Count(bob, "__permissionRequests")).Should().Be(0, "no permission is asked for on page load");
        await Settings(bob).GetByRole(AriaRole.Button, new() { Name = "Turn on call notifications" }).ClickAsync();
        await Expect(state).ToHaveTextAsync("Call notifications are on.");
        (await Count(bob, "__permissionRequests")).Should().Be(1);
        await bob.Page.ReloadAsync();
        await Person.Connected(bob.Page);
        await Expect(state).ToHaveTextAsync("Call notifications are on.");
        await Expect(Settings(bob).GetByRole(AriaRole.Button, new() { Name = "Turn off call notifications" })).ToBeVisibleAsync();
        (await Count(bob, "__permissionRequests")).Should().Be(0, "the choice is remembered without asking again");

        // While Viv is in front, the ringing dialog is enough.
        await RingAndCancel(alice, bob, bobName);
        (await Notifications(bob)).Should().BeEmpty();

        // In the background: a notification, a flashing title, and the click brings the call forward.
        var otherTab = await SwitchAway(bob);
        await alice.Call(bobName);
        await Until(bob, "() => window.__notifications.length === 1");
        var shown = (await Notifications(bob))[0];
        shown.Title.Should().Be($"\u2068{aliceName}\u2069 \u2068@{alice.Username}\u2069 is calling");
        shown.Body.Should().Be("Video call");
        shown.RequireInteraction.Should().BeTrue();
        shown.Icon.Should().Contain("/picture");
        traffic.Mentions($"\"callId\":\"{shown.Tag}\"").Should().BeTrue("the notification is tagged with the call's id");
        await Until(bob, "t => document.title === t", $"📞 \u2068{aliceName}\u2069 \u2068@{alice.Username}\u2069 is calling");
        await Until(bob, "t => document.title !== t", $"📞 \u2068{aliceName}\u2069 \u2068@{alice.Username}\u2069 is calling");

        // Whatever had the focus in the tab before, the click hands it to the ringing call.
        await bob.Page.EvaluateAsync("() => { document.activeElement?.blur(); window.__notifications[0].dispatchEvent(new Event('click')); }");
        (await Count(bob, "__focusCalls")).Should().Be(1);
        (await Notifications(bob))[0].ClosedByPage.Should().BeTrue();
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        (await bob.Page.EvaluateAsync<bool>("() => document.querySelector('[data-call-incoming]').contains(document.activeElement)"))
            .Should().BeTrue("the ringing dialog has the focus");
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(bob.IncomingCall).ToBeHiddenAsync();

        // A cancelled call takes its notification away.
        await RingAndCancel(alice, bob, bobName);
        var notifications = await Notifications(bob);
        notifications.Should().HaveCount(2);
        notifications[1].ClosedByPage.Should().BeTrue("the caller cancelled");

        // Bob comes back to the tab by himself and answers: the notification goes too.
        await alice.Call(bobName);
        await Until(bob, "() => window.__notifications.length === 3");
        (await Notifications(bob))[2].ClosedByPage.Should().BeFalse();
        await bob.Page.BringToFrontAsync();
        await otherTab.CloseAsync();
        await bob.AcceptCall();
        await bob.PeerConnected();
        (await Notifications(bob))[2].ClosedByPage.Should().BeTrue("the call was answered");
    }

    /// <summary>
    /// Stands in for the browser's side of subscribing, the one piece out of reach here: Chromium
    /// subscribes at Google's push service (FCM), which this machine cannot reach. pushManager's
    /// subscribe and getSubscription answer with the test push service's subscription (its keys made
    /// by the test, as a browser makes them); everything after is real: the page hands it to Viv, Viv
    /// encrypts and signs each push for it, the push service checks and decrypts what arrives, and
    /// the test hands that to the browser's worker as Chromium's push service client would.
    /// </summary>
    private static string PushSubscriptionAt(PushSubscriber device) => $$"""
        (() => {
          const given = { endpoint: "{{device.Endpoint}}", expirationTime: null, keys: { p256dh: "{{device.P256dh}}", auth: "{{device.Auth}}" } };
          const kept = "test.pushSubscription";
          const subscription = () => ({ endpoint: given.endpoint, toJSON: () => given, unsubscribe: async () => (localStorage.removeItem(kept), true) });
          PushManager.prototype.subscribe = async function (options) {
            if (options?.userVisibleOnly !== true || typeof options.applicationServerKey !== "string") throw new DOMException("Registration failed", "NotAllowedError");
            localStorage.setItem(kept, options.applicationServerKey);
            return subscription();
          };
          PushManager.prototype.getSubscription = async function () {
            return localStorage.getItem(kept) ? subscription() : null;
          };
        })();
        """;

    private sealed class PushShown
    {
        public string Title { get; set; } = "";

        public string Body { get; set; } = "";

        public string Tag { get; set; } = "";

        public string[] Actions { get; set; } = [];

        public bool RequireInteraction { get; set; }
    }

    private const string PushNotifications = """
        (async () => (await self.registration.getNotifications())
          .map(n => ({ title: n.title, body: n.body, tag: n.tag, actions: n.actions.map(a => a.title), requireInteraction: n.requireInteraction })))()
        """;

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private async Task<ReceivedPush> Pushed(PushSubscriber device, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (fixture.Push.Received.Count(p => p.Endpoint == device.Endpoint) < count)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), $"push {count} should reach the push service; refused: {string.Join("; ", fixture.Push.Refused)}");
            await Task.Delay(50);
        }
        return fixture.Push.Received.Where(p => p.Endpoint == device.Endpoint).ElementAt(count - 1);
    }

    private async Task<PushShown[]> RingThroughPush(TabbedBrowser browser, PushSubscriber device, int count)
    {
        var push = await Pushed(device, count);
        (await browser.DeliverPush(fixture.Server.BaseAddress, push.Text)).Should().Be("handled");
        var shown = await browser.EvaluateInServiceWorker(PushNotifications);
        return System.Text.Json.JsonSerializer.Deserialize<PushShown[]>(shown, WebJson)!;
    }

    [Fact]
    public async Task With_Viv_closed_a_call_rings_through_push_and_its_notification_declines_closes_and_answers_the_call()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, aliceName, bobName) = (contacts.Alice, contacts.AliceName, contacts.BobName);
        await using var browser = await TabbedBrowser.Start(fixture.Browser.BrowserType);
        var device = fixture.Push.Subscribe();
        var bob = await MoveToTabs(contacts.Bob, browser, PushSubscriptionAt(device), WorkerNotificationRecorder);
        await bob.Page.GotoAsync(fixture.Server.BaseAddress.ToString());
        await Person.Connected(bob.Page);
        await WorkerShows(bob, 0, answered: 0);

        // Bob turns the switch on in Settings: this browser is listed as rung when Viv is closed.
        var ringWhenClosed = Settings(bob).GetByRole(AriaRole.Switch, new() { Name = "Ring this device when Viv is closed" });
        await Expect(ringWhenClosed).Not.ToBeCheckedAsync();
        await ringWhenClosed.ClickAsync();
        await Expect(Settings(bob).GetByText("This device rings when Viv is closed.")).ToBeVisibleAsync();
        await Expect(ringWhenClosed).ToBeCheckedAsync();
        var devices = Settings(bob).GetByRole(AriaRole.List, new() { Name = "Devices rung when Viv is closed" });
        await Expect(devices.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(devices.GetByRole(AriaRole.Listitem)).ToContainTextAsync("Chromium browser on Linux (this device)");
        await bob.Page.ReloadAsync();
        await Person.Connected(bob.Page);
        await Expect(ringWhenClosed).ToBeCheckedAsync();

        // Viv closed: Bob's only tab is somewhere else. Alice's call rings his device; he declines it there.
        await bob.Page.GotoAsync("about:blank");
        await alice.Call(bobName);
        var ringing = await RingThroughPush(browser, device, count: 1);
        ringing.Should().ContainSingle();
        (ringing[0].Title, ringing[0].Body, ringing[0].RequireInteraction).Should().Be(($"\u2068{aliceName}\u2069 \u2068@{alice.Username}\u2069 is calling", "Video call", true));
        ringing[0].Actions.Should().Equal("Accept", "Decline");
        await browser.EvaluateInServiceWorker("(async () => clicked((await self.registration.getNotifications())[0], 'decline'))()");
        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Call rejected." })).ToHaveCountAsync(1);
        // A declined call offers Alice a message; she does not leave one.
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "No answer" }).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        (await RingThroughPush(browser, device, count: 2)).Should().BeEmpty("the declined call's closing push shows nothing");
        (await RingThroughPush(browser, device, count: 1)).Should().BeEmpty("the first ring again, arriving late: that call no longer rings");

        // Alice gives up before Bob does anything: the ringing notification becomes a missed call.
        await alice.Call(bobName);
        (await RingThroughPush(browser, device, count: 3)).Should().ContainSingle();
        await alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" }).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        var missed = await RingThroughPush(browser, device, count: 4);
        missed.Should().ContainSingle();
        (missed[0].Title, missed[0].Actions.Length).Should().Be(($"Missed call from \u2068{aliceName}\u2069 \u2068@{alice.Username}\u2069", 0));
        await browser.EvaluateInServiceWorker("(async () => (await self.registration.getNotifications()).forEach(n => n.close()))()");

        // Alice calls again and Bob presses Accept: Viv opens on the call and it connects. (Chromium lets a
        // worker open a window only during a real click, which no automation can make, so the test opens
        // the address the Accept opens.)
        await alice.Call(bobName);
        var again = await RingThroughPush(browser, device, count: 5);
        again.Should().ContainSingle();
        await browser.EvaluateInServiceWorker("(async () => clicked((await self.registration.getNotifications())[0], 'accept').catch(() => 'no window without a click'))()");
        await bob.Page.GotoAsync(new Uri(fixture.Server.BaseAddress, $"/?answer={again[0].Tag}").ToString());
        await alice.PeerConnected();
        await bob.PeerConnected();
        (await bob.Page.EvaluateAsync<string>("() => location.search")).Should().BeEmpty("the address no longer answers on reload");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();

        // Bob removes this device in Settings: it is no longer listed, and the switch is off.
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Hang up" })).ToBeHiddenAsync();
        await devices.GetByRole(AriaRole.Button, new() { Name = "Remove Chromium browser on Linux" }).ClickAsync();
        await Expect(Settings(bob).GetByText("Chromium browser on Linux no longer rings when Viv is closed.")).ToBeVisibleAsync();
        await Expect(devices).ToBeHiddenAsync();
        await Expect(ringWhenClosed).Not.ToBeCheckedAsync();
    }
}
