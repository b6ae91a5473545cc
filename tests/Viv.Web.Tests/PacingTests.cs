using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// Per-person budgets (defaults: 10 sign-ins per username, 30 contact changes, 60 searches, 20
/// invitations, 30 meeting changes and 2,048 kilobytes of signals a minute, refilled evenly): over
/// budget the answer says slow down, and the action does nothing. Each test sends well past a budget,
/// so a refill during the run cannot hide it. (Registrations, per client address, are in UploadAbuseTests.)
/// </summary>
public sealed class PacingTests(ServerFixture fixture)
{
    private Uri Viv => fixture.Server.BaseAddress;

    /// <summary>Invokes a hub method <paramref name="times"/> times in a row and returns every reply.</summary>
    private static async Task<List<JsonElement>> Repeat(HubConnection hub, int times, string method, params object?[] args)
    {
        var replies = new List<JsonElement>();
        for (var i = 0; i < times; i++)
        {
            replies.Add(await hub.InvokeCoreAsync<JsonElement>(method, args));
        }
        return replies;
    }

    private static bool IsSlowDown(JsonElement reply) =>
        reply.TryGetProperty("retryAfterSeconds", out _) && !reply.GetProperty("ok").GetBoolean();

    private static void ShouldSlowDownAfter(List<JsonElement> replies, int budget, string noun)
    {
        var refused = replies.Where(IsSlowDown).ToList();
        replies.Count(r => !IsSlowDown(r)).Should().BeGreaterThanOrEqualTo(budget, "a full budget is allowed in one burst");
        refused.Should().NotBeEmpty($"{replies.Count} in a row are well over a budget of {budget}");
        refused[0].GetProperty("error").GetString().Should().MatchRegex($"^Slow down: too many {noun}\\. Try again in \\d+ seconds?\\.$");
        refused[0].GetProperty("retryAfterSeconds").GetInt32().Should().BePositive();
    }

    [Fact]
    public async Task Searches_over_budget_say_slow_down_on_the_hub_and_the_api_alike()
    {
        await using var user = await HubUser.SignIn(fixture.Server, "Eager Searcher");
        using var client = await ApiClient.Register(Viv, "Api Searcher");

        ShouldSlowDownAfter(await Repeat(user.Hub, 100, "Search", "ada", 0), 60, "searches");
        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 100 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last?.Dispose();
            last = await client.Send(HttpMethod.Get, "/api/v1/users?query=ada");
            answers.Add(last.StatusCode);
        }

        answers.Count(s => s == HttpStatusCode.OK).Should().BeGreaterThanOrEqualTo(60);
        (await ApiProblems.Read(last!)).Should().Be((HttpStatusCode.TooManyRequests, "slow_down"));
        int.Parse(last!.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();
        last.Dispose();
    }

    [Fact]
    public async Task Contact_changes_over_budget_change_nothing_and_the_api_shares_the_hub_budget()
    {
        using var client = await ApiClient.Register(Viv, "Restless Asker");
        await using var target = await HubUser.SignIn(fixture.Server, "Quiet Target");
        await using var hub = client.Hub();
        await hub.StartAsync();

        // Asking people who do not exist costs as much as asking anyone: the budget counts actions, not outcomes.
        ShouldSlowDownAfter(await Repeat(hub, 45, "ChangeContact", Guid.NewGuid(), "request"), 30, "contact changes");
        var refused = await hub.InvokeAsync<JsonElement>("ChangeContact", target.Id, "request");
        using var viaApi = await client.Send(HttpMethod.Post, $"/api/v1/contacts/{target.Id}/request");

        IsSlowDown(refused).Should().BeTrue();
        (await ApiProblems.Read(viaApi)).Should().Be((HttpStatusCode.TooManyRequests, "slow_down"));
        (await target.Hub.InvokeAsync<JsonElement>("Contacts")).GetArrayLength().Should().Be(0, "no request reached the target");
        (await client.Get("/api/v1/contacts")).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Invitations_over_budget_ring_nobody()
    {
        await using var caller = await HubUser.SignIn(fixture.Server, "Persistent Caller");
        await using var callee = await HubUser.SignIn(fixture.Server, "Patient Callee");
        await caller.BecomeContacts(callee);
        var rung = 0;
        callee.Hub.On<JsonElement>("incomingCall", _ => Interlocked.Increment(ref rung));

        ShouldSlowDownAfter(await Repeat(caller.Hub, 30, "StartCall", Guid.NewGuid(), "video"), 20, "invitations");
        var refused = await caller.Hub.InvokeAsync<JsonElement>("StartCall", callee.Id, "video");
        await caller.Hub.InvokeAsync<string>("Node");
        await callee.Hub.InvokeAsync<string>("Node");

        IsSlowDown(refused).Should().BeTrue();
        rung.Should().Be(0);
        (await caller.Hub.InvokeAsync<JsonElement>("Contacts")).EnumerateArray().Single().GetProperty("presence").GetProperty("presence").GetString()
            .Should().Be("online", "a refused call leaves both where they were");
    }

    [Fact]
    public async Task Meeting_reschedules_and_answers_over_budget_change_nothing_tell_nobody_and_the_api_shares_the_hub_budget()
    {
        using var organizer = await ApiClient.Register(Viv, "Restless Organizer");
        using var invitee = await ApiClient.Register(Viv, "Fickle Invitee");
        await using var organizerHub = organizer.Hub();
        await using var inviteeHub = invitee.Hub();
        await organizerHub.StartAsync();
        await inviteeHub.StartAsync();
        await organizer.Post($"/api/v1/contacts/{invitee.Id}/request");
        await invitee.Post($"/api/v1/contacts/{organizer.Id}/accept");
        var heard = new HeardEvents();
        heard.Listen(organizerHub, "organizer");
        heard.Listen(inviteeHub, "invitee");
        var startsAt = DateTimeOffset.UtcNow.AddDays(1);
        var draft = new { title = "Moving target", startsAt, durationMinutes = 30, invitees = new[] { invitee.Id } };
        var meetingId = (await organizerHub.InvokeAsync<JsonElement>("ScheduleMeeting", draft)).GetProperty("meetingId").GetGuid();
        // Both hear the scheduling; cleared before only the invitee had, the organizer's copy would count as a change.
        await heard.Until(all => all.Any(h => h.Who == "invitee" && h.Method == "meetingChanged")
            && all.Any(h => h.Who == "organizer" && h.Method == "meetingChanged"), TimeSpan.FromSeconds(10));
        heard.Clear();

        var moves = new List<JsonElement>();
        for (var i = 1; i <= 45; i++)
        {
            moves.Add(await organizerHub.InvokeAsync<JsonElement>("RescheduleMeeting", meetingId, startsAt.AddMinutes(i), 30));
        }
        using var moveViaApi = await organizer.Send(HttpMethod.Put, $"/api/v1/meetings/{meetingId}/time", new { startsAt = startsAt.AddDays(1), durationMinutes = 30 });
        var answers = await Repeat(inviteeHub, 45, "AnswerMeeting", meetingId, true);
        using var answerViaApi = await invitee.Send(HttpMethod.Post, $"/api/v1/meetings/{meetingId}/answer", new { accept = false });
        var moved = moves.Count(m => !IsSlowDown(m));
        var answered = answers.Count(a => !IsSlowDown(a));
        int Told(string who) => heard.All.Count(h => h.Who == who && h.Method == "meetingChanged");
        await heard.Until(_ => Told("invitee") >= moved + answered && Told("organizer") >= moved + answered, TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        ShouldSlowDownAfter(moves, 30, "meeting changes");
        ShouldSlowDownAfter(answers, 30, "meeting changes");
        (await ApiProblems.Read(moveViaApi)).Should().Be((HttpStatusCode.TooManyRequests, "slow_down"));
        (await ApiProblems.Read(answerViaApi)).Should().Be((HttpStatusCode.TooManyRequests, "slow_down"));
        (Told("invitee"), Told("organizer")).Should().Be((moved + answered, moved + answered), "each change tells both, and a refused one nobody");
        var meeting = await invitee.Get($"/api/v1/meetings/{meetingId}");
        meeting.GetProperty("startsAt").GetDateTimeOffset().Should().Be(startsAt.AddMinutes(moves.FindLastIndex(m => !IsSlowDown(m)) + 1));
        meeting.GetProperty("attendees")[0].GetProperty("answer").GetString().Should().Be("accepted");
    }

    [Fact]
    public async Task Signals_over_budget_slow_down_and_reach_nobody()
    {
        await using var caller = await HubUser.SignIn(fixture.Server, "Chatty Caller");
        await using var callee = await HubUser.SignIn(fixture.Server, "Flooded Callee");
        await caller.BecomeContacts(callee);
        var callId = (await caller.Hub.InvokeAsync<JsonElement>("StartCall", callee.Id, "video")).GetProperty("callId").GetGuid();
        (await callee.Hub.InvokeAsync<JsonElement>("AnswerCall", callId, true)).GetProperty("ok").GetBoolean().Should().BeTrue();
        var ears = new HeardEvents();
        ears.Listen(callee.Hub, "callee");

        // Each offer carries 63 KB, so it weighs 64 of the 2,048 a minute: 32 in a burst.
        var replies = new List<JsonElement>();
        for (var i = 0; i < 48; i++)
        {
            replies.Add(await caller.Hub.InvokeAsync<JsonElement>("Signal", callId, callee.Id, new { description = new { type = "offer", sdp = $"v=0 {i} " + new string('a', 63 * 1024) } }));
        }
        var allowed = Enumerable.Range(0, replies.Count).Where(i => !IsSlowDown(replies[i])).ToList();
        await ears.Until(heard => heard.Count(h => h.Method == "signal") >= allowed.Count, TimeSpan.FromSeconds(10));

        ShouldSlowDownAfter(replies, 32, "signaling messages");
        ears.All.Where(h => h.Method == "signal")
            .Select(h => int.Parse(JsonDocument.Parse(h.Body).RootElement.GetProperty("signal").GetProperty("description").GetProperty("sdp").GetString()!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(allowed, "the refused signals reached nobody");
    }

    [Fact]
    public async Task Sign_ins_for_one_name_over_budget_slow_down_on_the_page_and_the_api_even_with_the_right_password()
    {
        var (session, _, username) = await HubUser.Register(Viv, "Popular Name");
        using var _session = session;
        using var anonymous = new HttpClient { BaseAddress = Viv };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var signedIn = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username, password = VivSession.Password });
            statuses.Add(signedIn.StatusCode);
        }
        using var page = new VivSession(Viv);
        HttpResponseMessage login;
        do
        {
            login = await page.LogIn(username);
            statuses.Add(login.StatusCode);
        }
        while (login.StatusCode == HttpStatusCode.Redirect && statuses.Count < 30);
        using var api = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = username.ToUpperInvariant(), password = VivSession.Password });

        statuses.Count(s => s is HttpStatusCode.OK or HttpStatusCode.Redirect).Should().BeGreaterThanOrEqualTo(10);
        login.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await VivSession.Alert(login)).Should().MatchRegex(@"^Slow down: too many sign-in attempts\. Try again in \d+ seconds?\.$");
        (await ApiProblems.Read(api)).Should().Be((HttpStatusCode.TooManyRequests, "slow_down"), "the budget is the name's, whatever its case");
        api.Headers.RetryAfter.Should().NotBeNull();
        login.Dispose();
    }
}
