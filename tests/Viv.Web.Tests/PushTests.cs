using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>A Viv that sends pushes to the test suite's own push service (<see cref="PushService"/>), a real RFC 8030 one.</summary>
public sealed class PushWorld : IAsyncLifetime
{
    public PushService Service { get; private set; } = null!;

    public VivServer Server { get; private set; } = null!;

    /// <summary>Low, so that a test reaches a person's push budget with a few calls.</summary>
    public const int PerMinute = 3;

    public async ValueTask InitializeAsync()
    {
        Service = PushService.Start();
        Server = await VivServer.Start(new Dictionary<string, string>
        {
            ["Viv:Push:Services:0"] = Service.Origin.ToString(),
            ["Viv:Push:Subject"] = "mailto:operator@viv.example",
            ["Viv:Push:PerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Service.DisposeAsync();
    }
}

/// <summary>Ringing a device when Viv is closed: devices over the API, and the pushes a call sends them.</summary>
public sealed class PushTests(PushWorld world) : IClassFixture<PushWorld>
{
    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    /// <summary>Someone signed in whose Viv is closed: no open connection, one device to ring through push.</summary>
    private async Task<(HubUser Caller, ApiClient Callee, PushSubscriber Device)> CallerAndClosedCallee()
    {
        var caller = await HubUser.SignIn(world.Server.BaseAddress, "Ada Caller");
        await using var callee = await HubUser.SignIn(world.Server.BaseAddress, "Bob Closed");
        await caller.BecomeContacts(callee);
        var api = await ApiClient.SignIn(world.Server.BaseAddress, callee.Id, callee.Username);
        var device = world.Service.Subscribe();
        using var added = await AddDevice(api, device.Endpoint.ToString(), device.P256dh, device.Auth, "Bob's laptop");
        added.StatusCode.Should().Be(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        return (caller, api, device);
    }

    private static Task<HttpResponseMessage> AddDevice(ApiClient client, string? endpoint, string? p256dh, string? auth, string? label) =>
        client.Send(HttpMethod.Post, "/api/v1/push/devices", new { endpoint, keys = new { p256dh, auth }, label });

    private async Task<ReceivedPush> PushTo(PushSubscriber device, int count = 1)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (world.Service.Received.Count(p => p.Endpoint == device.Endpoint) < count)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), $"a push should reach the push service; refused: {string.Join("; ", world.Service.Refused)}");
            await Task.Delay(50);
        }
        return world.Service.Received.Where(p => p.Endpoint == device.Endpoint).ElementAt(count - 1);
    }

    [Fact]
    public async Task A_call_to_someone_whose_viv_is_closed_rings_their_device_through_push_with_the_callers_name_and_nothing_more()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;

        var calling = DateTimeOffset.UtcNow;
        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");
        var push = await PushTo(device);
        TestContext.Current.TestOutputHelper?.WriteLine($"The ringing push arrived {(push.ArrivedAt - calling).TotalMilliseconds:F0} ms after the call was placed");

        started.Ok.Should().BeTrue(started.Error);
        (push.Ttl, push.Urgency, push.Topic, push.Subject).Should().Be((30, "high", started.CallId!.Value.ToString("N"), "mailto:operator@viv.example"));
        using var payload = JsonDocument.Parse(push.Text);
        payload.RootElement.GetProperty("type").GetString().Should().Be("incomingCall");
        payload.RootElement.GetProperty("callId").GetGuid().Should().Be(started.CallId!.Value);
        payload.RootElement.GetProperty("kind").GetString().Should().Be("video");
        payload.RootElement.GetProperty("caller").GetProperty("fullName").GetString().Should().Be("Ada Caller");
        payload.RootElement.GetProperty("caller").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["id", "fullName", "username", "picture"], "the caller's name and picture, no more");
        world.Service.Refused.Should().BeEmpty();
    }

    [Fact]
    public async Task A_ringing_nobody_answered_pushes_a_missed_call_under_the_calls_topic()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;
        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");
        var ringing = await PushTo(device);

        (await caller.Hub.InvokeAsync<Reply>("HangUp", started.CallId)).Ok.Should().BeTrue();
        var closing = await PushTo(device, count: 2);

        using var payload = JsonDocument.Parse(closing.Text);
        payload.RootElement.GetProperty("type").GetString().Should().Be("callClosed");
        payload.RootElement.GetProperty("callId").GetGuid().Should().Be(started.CallId!.Value);
        payload.RootElement.GetProperty("outcome").GetString().Should().Be("missed");
        payload.RootElement.GetProperty("caller").GetProperty("fullName").GetString().Should().Be("Ada Caller", "the device shows whose call was missed");
        payload.RootElement.GetProperty("kind").GetString().Should().Be("video");
        (closing.Topic, closing.Ttl, closing.Urgency).Should().Be((ringing.Topic, 86_400, "high"), "it replaces the ringing push at the push service, and a device that is off hears of it when it is back");
    }

    [Fact]
    public async Task A_ringing_declined_from_the_notification_ends_the_call_as_rejected_and_pushes_a_closing_push_naming_nobody()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;
        await using var closedViv = await CookieOf(callee);
        var ended = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = caller.Hub.On<JsonElement>("callEnded", e => ended.TrySetResult(e));
        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "voice");
        await PushTo(device);
        var ringingBefore = await closedViv.Session.Http.GetFromJsonAsync<Guid[]>("/ringing");

        using var notJson = await closedViv.Session.Http.PostAsync($"/ringing/{started.CallId}/decline", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        using var declined = await closedViv.Session.Http.PostAsJsonAsync($"/ringing/{started.CallId}/decline", new { });
        using var again = await closedViv.Session.Http.PostAsJsonAsync($"/ringing/{started.CallId}/decline", new { });
        using var anonymous = await new HttpClient { BaseAddress = world.Server.BaseAddress }.PostAsJsonAsync($"/ringing/{started.CallId}/decline", new { });
        var closing = await PushTo(device, count: 2);

        ringingBefore.Should().Equal(started.CallId!.Value);
        notJson.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType, "a form on another site could send text/plain with the cookie");
        declined.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ended.Task.WaitAsync(TimeSpan.FromSeconds(15))).GetProperty("outcome").GetString().Should().Be("rejected");
        (await closedViv.Session.Http.GetFromJsonAsync<Guid[]>("/ringing")).Should().BeEmpty();
        using var payload = JsonDocument.Parse(closing.Text);
        payload.RootElement.GetProperty("outcome").GetString().Should().Be("rejected");
        payload.RootElement.TryGetProperty("caller", out var _).Should().BeFalse("nothing to show: the notification just closes");
        closing.Ttl.Should().Be(60);
    }

    [Fact]
    public async Task Someone_not_rung_cannot_decline_a_call_from_a_notification()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;
        await using var stranger = await HubUser.SignIn(world.Server.BaseAddress, "Not Rung");
        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "voice");
        await PushTo(device);

        using var refused = await stranger.Session.Http.PostAsJsonAsync($"/ringing/{started.CallId}/decline", new { });
        using var noCall = await stranger.Session.Http.PostAsJsonAsync($"/ringing/{Guid.NewGuid()}/decline", new { });

        (refused.StatusCode, noCall.StatusCode).Should().Be((HttpStatusCode.Conflict, HttpStatusCode.Conflict));
        (await stranger.Session.Http.GetFromJsonAsync<Guid[]>("/ringing")).Should().BeEmpty();
        await using var closedViv = await CookieOf(callee);
        (await closedViv.Session.Http.GetFromJsonAsync<Guid[]>("/ringing")).Should().Equal([started.CallId!.Value], "the call still rings its callee");
    }

    [Fact]
    public async Task A_page_opened_while_a_call_rings_is_told_it_rings_until_the_ringing_stops()
    {
        var (caller, callee, _) = await CallerAndClosedCallee();
        await using var __ = caller;
        using var ___ = callee;
        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");

        await using var opened = await CookieOf(callee);
        var ringing = await opened.Hub.InvokeAsync<JsonElement[]>("RingingCalls");
        (await caller.Hub.InvokeAsync<Reply>("HangUp", started.CallId)).Ok.Should().BeTrue();
        var afterHangUp = await opened.Hub.InvokeAsync<JsonElement[]>("RingingCalls");

        ringing.Should().ContainSingle();
        ringing[0].GetProperty("callId").GetGuid().Should().Be(started.CallId!.Value);
        ringing[0].GetProperty("caller").GetProperty("fullName").GetString().Should().Be("Ada Caller");
        afterHangUp.Should().BeEmpty();
    }

    [Fact]
    public async Task A_device_added_in_a_sign_in_stops_ringing_when_that_sign_in_ends_and_only_then()
    {
        await using var person = await HubUser.SignIn(world.Server.BaseAddress, "Signs Out");
        using var api = await ApiClient.SignIn(world.Server.BaseAddress, person.Id, person.Username);
        var browser = world.Service.Subscribe();
        var phone = world.Service.Subscribe();
        var fromHub = await person.Hub.InvokeAsync<JsonElement>("RingThisDevice", new { endpoint = browser.Endpoint, keys = new { p256dh = browser.P256dh, auth = browser.Auth }, label = "Chromium browser on Linux" });
        using var fromApi = await AddDevice(api, phone.Endpoint.ToString(), phone.P256dh, phone.Auth, "Phone app");
        var both = await person.Hub.InvokeAsync<JsonElement[]>("PushDevices");

        using var signedOut = await person.Session.LogOut();
        var left = await api.Get("/api/v1/push/devices");

        fromHub.GetProperty("ok").GetBoolean().Should().BeTrue(fromHub.ToString());
        both.Select(d => d.GetProperty("label").GetString()).Should().BeEquivalentTo(["Chromium browser on Linux", "Phone app"]);
        left.EnumerateArray().Select(d => d.GetProperty("label").GetString()).Should().Equal(["Phone app"], "signing out in the browser stops only the browser ringing");
        using var revoked = await api.Send(HttpMethod.Delete, "/api/v1/tokens/current");
        using var other = await ApiClient.SignIn(world.Server.BaseAddress, person.Id, person.Username);
        (await other.Get("/api/v1/push/devices")).GetArrayLength().Should().Be(0, "revoking the phone's tokens stops the phone ringing");
    }

    [Fact]
    public async Task A_subscription_added_through_the_hub_is_checked_as_through_the_api()
    {
        await using var person = await HubUser.SignIn(world.Server.BaseAddress, "Hub Device");
        var refused = await person.Hub.InvokeAsync<JsonElement>("RingThisDevice", new { endpoint = "https://evil.example/push/1", keys = new { p256dh = "x", auth = "y" }, label = "Laptop" });

        refused.GetProperty("ok").GetBoolean().Should().BeFalse();
        refused.GetProperty("error").GetString().Should().Be("Viv does not send pushes to that push service.");
        (await person.Hub.InvokeAsync<JsonElement[]>("PushDevices")).Should().BeEmpty();
        (await person.Hub.InvokeAsync<bool>("StopRingingDevice", Guid.NewGuid())).Should().BeFalse();
    }

    [Fact]
    public async Task Past_a_persons_budget_no_more_calls_ring_their_devices_but_every_ringing_pushed_is_closed()
    {
        var (first, callee, device) = await CallerAndClosedCallee();
        await using var _ = first;
        using var __ = callee;
        await using var calleeHub = await CookieOf(callee);
        List<HubUser> callers = [first];
        for (var i = 1; i <= PushWorld.PerMinute; i++)
        {
            var caller = await HubUser.SignIn(world.Server.BaseAddress, $"Caller {i}");
            await caller.BecomeContacts(calleeHub);
            callers.Add(caller);
        }

        foreach (var caller in callers)
        {
            var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "voice");
            started.Ok.Should().BeTrue(started.Error);
            (await caller.Hub.InvokeAsync<Reply>("HangUp", started.CallId)).Ok.Should().BeTrue();
        }
        var pushes = await PushTo(device, count: 2 * PushWorld.PerMinute);
        await Task.Delay(1_000);

        var types = world.Service.Received.Where(p => p.Endpoint == device.Endpoint).Select(p => JsonDocument.Parse(p.Text).RootElement.GetProperty("type").GetString()).ToList();
        types.Count(t => t == "incomingCall").Should().Be(PushWorld.PerMinute, "the call past the budget rings nothing");
        types.Count(t => t == "callClosed").Should().Be(PushWorld.PerMinute, "each ringing pushed is closed, the one not pushed needs no closing");
        foreach (var caller in callers.Skip(1))
        {
            await caller.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_meeting_invitation_and_its_start_reach_the_invitees_devices()
    {
        var (organizer, invitee, device) = await CallerAndClosedCallee();
        await using var _ = organizer;
        using var __ = invitee;
        var startsAt = DateTimeOffset.UtcNow.AddDays(2);

        var scheduled = await organizer.Hub.InvokeAsync<JsonElement>("ScheduleMeeting", new { title = "Budget review", note = (string?)null, startsAt, durationMinutes = 30, invitees = new[] { invitee.Id } });
        var push = await PushTo(device);

        scheduled.GetProperty("ok").GetBoolean().Should().BeTrue(scheduled.ToString());
        using var payload = JsonDocument.Parse(push.Text);
        payload.RootElement.GetProperty("type").GetString().Should().Be("meetingInvitation");
        payload.RootElement.GetProperty("title").GetString().Should().Be("Budget review");
        payload.RootElement.GetProperty("organizer").GetProperty("fullName").GetString().Should().Be("Ada Caller");
        push.Topic.Should().Be(scheduled.GetProperty("meetingId").GetGuid().ToString("N"));
        push.Ttl.Should().BeInRange(2 * 86_400 - 120, 2 * 86_400, "worth delivering until the meeting starts");
        push.Urgency.Should().Be("normal");
    }

    [Fact]
    public async Task A_video_message_left_for_someone_whose_viv_is_closed_pushes_who_left_it()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;

        await using var closedViv = await CookieOf(callee);
        var offer = LeftMessages.NextOffer(caller);
        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");
        await PushTo(device);
        (await closedViv.Session.Http.PostAsJsonAsync($"/ringing/{started.CallId}/decline", new { })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var id = await LeftMessages.LeaveUnder(caller, await offer);
        var push = await PushTo(device, count: 3);

        using var payload = JsonDocument.Parse(push.Text);
        (payload.RootElement.GetProperty("type").GetString(), payload.RootElement.GetProperty("messageId").GetGuid()).Should().Be(("videoMessage", id));
        payload.RootElement.GetProperty("from").GetProperty("fullName").GetString().Should().Be("Ada Caller");
        (push.Topic, push.Urgency).Should().Be((id.ToString("N"), "normal"));
    }

    /// <summary>The callee signed in by cookie in a browser: an open page of theirs, or a service worker asking with its cookie.</summary>
    private async Task<HubUser> CookieOf(ApiClient person)
    {
        var session = new VivSession(world.Server.BaseAddress);
        (await session.LogIn(person.Username)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var hub = session.Hub();
        await hub.StartAsync();
        return new HubUser(session, hub, person.Id, person.Username);
    }

    [Fact]
    public async Task A_blocked_caller_hears_what_an_offline_callee_sounds_like_and_nothing_is_pushed()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;
        await using var nobody = await HubUser.SignIn(world.Server.BaseAddress, "Nobody Reachable");
        await caller.BecomeContacts(nobody);
        await nobody.GoOfflineSeenBy(caller);
        await callee.Post($"/api/v1/contacts/{caller.Id}/block");

        var blocked = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");
        var offline = await caller.Hub.InvokeAsync<Reply>("StartCall", nobody.Id, "video");

        blocked.Should().Be(offline, "a block reads exactly like someone offline with no device");
        blocked.Ok.Should().BeFalse();
        await Task.Delay(1_000);
        world.Service.Received.Should().NotContain(p => p.Endpoint == device.Endpoint);
    }

    [Fact]
    public async Task A_device_its_push_service_calls_gone_is_removed()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;
        device.Answer = new PushAnswer(HttpStatusCode.Gone);

        (await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "voice")).Ok.Should().BeTrue();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await callee.Get("/api/v1/push/devices")).GetArrayLength() > 0)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "a device its push service calls gone is removed");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_push_the_service_cannot_take_now_is_sent_again_after_its_retry_after()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;
        device.Answer = new PushAnswer(HttpStatusCode.TooManyRequests, RetryAfterSeconds: 1, Once: true);

        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");
        var push = await PushTo(device);

        JsonDocument.Parse(push.Text).RootElement.GetProperty("callId").GetGuid().Should().Be(started.CallId!.Value);
        device.Answer.Should().BeNull("the push service answered 429 once, and the push came again");
        (await callee.Get("/api/v1/push/devices")).GetArrayLength().Should().Be(1, "a busy push service does not lose the device");
    }

    [Fact]
    public async Task Devices_are_listed_without_their_endpoint_updated_by_endpoint_and_removed_by_their_owner_only()
    {
        using var owner = await ApiClient.Register(world.Server.BaseAddress, "Device Owner");
        using var other = await ApiClient.Register(world.Server.BaseAddress, "Someone Else");
        var device = world.Service.Subscribe();
        using var first = await AddDevice(owner, device.Endpoint.ToString(), device.P256dh, device.Auth, "Phone");
        using var again = await AddDevice(owner, device.Endpoint.ToString(), device.P256dh, device.Auth, "  Phone, renamed  ");
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var listed = await owner.Get("/api/v1/push/devices");
        using var notTheirs = await other.Send(HttpMethod.Delete, $"/api/v1/push/devices/{id}");
        using var removed = await owner.Send(HttpMethod.Delete, $"/api/v1/push/devices/{id}");
        using var twice = await owner.Send(HttpMethod.Delete, $"/api/v1/push/devices/{id}");

        first.Headers.Location!.ToString().Should().Be($"/api/v1/push/devices/{id}");
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid().Should().Be(id, "the same endpoint is the same device");
        listed.GetArrayLength().Should().Be(1);
        listed[0].GetProperty("label").GetString().Should().Be("Phone, renamed");
        listed[0].GetProperty("service").GetString().Should().Be("127.0.0.1");
        listed[0].EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["id", "label", "addedAt", "service"]);
        (notTheirs.StatusCode, removed.StatusCode, twice.StatusCode).Should().Be((HttpStatusCode.NotFound, HttpStatusCode.NoContent, HttpStatusCode.NotFound));
        (await owner.Get("/api/v1/push/devices")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_subscription_that_is_not_one_is_refused_in_words_and_nothing_is_stored()
    {
        using var hostile = await ApiClient.Register(world.Server.BaseAddress, "Hostile Device");
        var good = world.Service.Subscribe();
        var (endpoint, p256dh, auth) = (good.Endpoint.ToString(), good.P256dh, good.Auth);
        var notOnTheCurve = System.Buffers.Text.Base64Url.EncodeToString([4, .. Enumerable.Repeat((byte)1, 64)]);
        var cases = new (string? Endpoint, string? P256dh, string? Auth, string? Label, string Code)[]
        {
            ("https://evil.example/push/1", p256dh, auth, "Laptop", "service_not_allowed"),
            ("http://169.254.169.254/latest/meta-data", p256dh, auth, "Laptop", "service_not_allowed"),
            ("http://fcm.googleapis.com/fcm/send/1", p256dh, auth, "Laptop", "service_not_allowed"),
            ("https://fcm.googleapis.com.evil.example/fcm/send/1", p256dh, auth, "Laptop", "service_not_allowed"),
            ($"{good.Endpoint.Scheme}://user:secret@{good.Endpoint.Authority}{good.Endpoint.AbsolutePath}", p256dh, auth, "Laptop", "invalid_endpoint"),
            ("not a url", p256dh, auth, "Laptop", "invalid_endpoint"),
            (null, p256dh, auth, "Laptop", "invalid_endpoint"),
            ($"{endpoint}/{new string('a', 2100)}", p256dh, auth, "Laptop", "invalid_endpoint"),
            (endpoint, p256dh[..^2], auth, "Laptop", "invalid_keys"),
            (endpoint, notOnTheCurve, auth, "Laptop", "invalid_keys"),
            (endpoint, p256dh, auth[..^2], "Laptop", "invalid_keys"),
            (endpoint, "not base64url!", auth, "Laptop", "invalid_keys"),
            (endpoint, p256dh, null, "Laptop", "invalid_keys"),
            (endpoint, p256dh, auth, "", "invalid_label"),
            (endpoint, p256dh, auth, new string('L', 101), "invalid_label"),
            (endpoint, p256dh, auth, "Lap\ntop", "invalid_label"),
        };

        foreach (var (badEndpoint, badKey, badAuth, badLabel, code) in cases)
        {
            using var refused = await AddDevice(hostile, badEndpoint, badKey, badAuth, badLabel);
            var (status, problem) = await ApiProblems.Read(refused);
            (status, problem).Should().Be((HttpStatusCode.BadRequest, code), $"{badEndpoint?[..Math.Min(60, badEndpoint.Length)]} {badKey?.Length} {badAuth?.Length} {badLabel?.Length}");
        }
        (await hostile.Get("/api/v1/push/devices")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_eleventh_device_is_refused_until_one_is_removed()
    {
        using var owner = await ApiClient.Register(world.Server.BaseAddress, "Many Devices");
        for (var i = 0; i < 10; i++)
        {
            var device = world.Service.Subscribe();
            using var added = await AddDevice(owner, device.Endpoint.ToString(), device.P256dh, device.Auth, $"Device {i}");
            added.StatusCode.Should().Be(HttpStatusCode.Created);
        }
        var eleventh = world.Service.Subscribe();

        using var refused = await AddDevice(owner, eleventh.Endpoint.ToString(), eleventh.P256dh, eleventh.Auth, "One too many");

        (await ApiProblems.Read(refused)).Should().Be((HttpStatusCode.Conflict, "too_many_devices"));
        (await owner.Get("/api/v1/push/devices")).GetArrayLength().Should().Be(10);
    }
}
