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

    public async ValueTask InitializeAsync()
    {
        Service = PushService.Start();
        Server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Push:Services:0"] = Service.Origin.ToString(), ["Viv:Push:Subject"] = "mailto:operator@viv.example" });
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

        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");
        var push = await PushTo(device);

        started.Ok.Should().BeTrue(started.Error);
        (push.Ttl, push.Urgency, push.Topic, push.Subject).Should().Be((30, "high", started.CallId!.Value.ToString("N"), "mailto:operator@viv.example"));
        using var payload = JsonDocument.Parse(push.Text);
        payload.RootElement.GetProperty("type").GetString().Should().Be("incomingCall");
        payload.RootElement.GetProperty("callId").GetGuid().Should().Be(started.CallId!.Value);
        payload.RootElement.GetProperty("kind").GetString().Should().Be("video");
        payload.RootElement.GetProperty("caller").GetProperty("fullName").GetString().Should().Be("Ada Caller");
        payload.RootElement.GetProperty("caller").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["id", "fullName", "picture"], "the caller's name and picture, no more");
        world.Service.Refused.Should().BeEmpty();
    }

    [Fact]
    public async Task A_ringing_that_stops_sends_a_closing_push_under_the_calls_topic()
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
        (closing.Topic, closing.Ttl, closing.Urgency).Should().Be((ringing.Topic, 60, "high"), "it replaces the ringing push at the push service");
    }

    [Fact]
    public async Task A_blocked_caller_hears_what_an_offline_callee_sounds_like_and_nothing_is_pushed()
    {
        var (caller, callee, device) = await CallerAndClosedCallee();
        await using var _ = caller;
        using var __ = callee;
        await using var nobody = await HubUser.SignIn(world.Server.BaseAddress, "Nobody Reachable");
        await caller.BecomeContacts(nobody);
        await nobody.Hub.StopAsync();
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
