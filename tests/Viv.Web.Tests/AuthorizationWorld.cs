using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>Who is asking, from the point of view of the user, call or meeting the question is about.</summary>
public enum Role
{
    /// <summary>No cookie and no token.</summary>
    SignedOut,
    /// <summary>The access token of a session that signed out (DELETE /api/v1/tokens/current), and the hub connection it had open.</summary>
    SignedOutToken,
    /// <summary>A copy of the cookie of a browser that logged out, and the hub connection it had open.</summary>
    SignedOutCookie,
    /// <summary>Any signed-in user, for operations about nobody else.</summary>
    SignedIn,
    /// <summary>Nothing between me and the target: no status on either side.</summary>
    Stranger,
    /// <summary>I asked the target; they have not answered.</summary>
    Pending,
    /// <summary>The target asked me; I have not answered.</summary>
    PendingForMe,
    /// <summary>We were contacts; the target blocked me. The target is online.</summary>
    BlockedByTarget,
    /// <summary>We were contacts; I blocked the target.</summary>
    Blocker,
    /// <summary>We were contacts; the target deleted me.</summary>
    Deleted,
    /// <summary>The reference a block must look like: a mutual contact who went offline.</summary>
    OfflineContact,
    /// <summary>In the call, or invited to the meeting.</summary>
    Participant,
    /// <summary>The meeting's organizer.</summary>
    Organizer,
    /// <summary>A contact of everyone in the call or meeting, but not in it.</summary>
    NonParticipant,
    /// <summary>A participant of a call that has ended, or an invitee of a meeting that was cancelled.</summary>
    Ended,
    /// <summary>An id that never existed.</summary>
    Unknown,

    // A contact status changed after a call rang or a meeting was scheduled (issue 18). Each is a scene of its own.

    /// <summary>I was rung into a call; then someone in it (the target) blocked me, which rang me out.</summary>
    BlockedAfterInvite,
    /// <summary>The target and I were rung into one call; they blocked me while we both rang, and answered, which rang me out.</summary>
    BlockedWhileRinging,
    /// <summary>I am being rung into a call; since the invitation I blocked someone in it (the target).</summary>
    BlockerAfterInvite,
    /// <summary>My call still rings someone, whom the target blocked while it rang.</summary>
    InvitingBesideABlock,
    /// <summary>Invited to the target's meeting; since it was scheduled I blocked them.</summary>
    BlockerAfterScheduling,
    /// <summary>Invited to the target's meeting; since it was scheduled they blocked me.</summary>
    BlockedAfterScheduling,
    /// <summary>Organizer of a meeting; since it was scheduled the invitee (the target) blocked me.</summary>
    OrganizerAfterBlock,
}

/// <summary>A user of the matrix: the REST API with their token (or none, or a browser's cookies), and the hub when they are online.</summary>
public sealed class Someone(string name, HttpClient http, Guid id, string username, string? token, string? refreshToken = null, CookieContainer? cookies = null)
{
    public string Name => name;

    public Guid Id => id;

    public string Username => username;

    public string? Token => token;

    public string? RefreshToken => refreshToken;

    public HubConnection? Hub { get; set; }

    public HubConnection OnlineHub => Hub ?? throw new InvalidOperationException($"{name} is not connected to the hub.");

    public static Someone Of(string name, ApiClient client) => new(name, client.Http, client.Id, client.Username, client.AccessToken, client.RefreshToken);

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body, options: ApiClient.Json);
        }
        return http.SendAsync(request);
    }

    public async Task<string> Read(string path)
    {
        using var response = await Send(HttpMethod.Get, path);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    /// <summary>What this user can see of their own state: contacts, meetings and call history, as the API gives them.</summary>
    public async Task<string> Snapshot()
    {
        var parts = await Task.WhenAll(Read("/api/v1/contacts"), Read("/api/v1/meetings"), Read("/api/v1/calls"));
        return string.Join("\n", parts);
    }

    public HubConnection NewHub() => HubConnections.To(http.BaseAddress!, options =>
    {
        if (cookies is null)
        {
            options.AccessTokenProvider = () => Task.FromResult(token);
        }
        else
        {
            options.Cookies = cookies;
        }
    });

    public override string ToString() => name;
}

/// <summary>One cell's situation: who acts, on whom, in which call and which meeting, and whose state must not change.</summary>
public sealed record Scene(Someone Actor, Someone Target, Guid CallId, Guid MeetingId, IReadOnlyList<Someone> Involved);

/// <summary>
/// The users, calls and meetings the authorization matrix asks about, built once for the class: one
/// actor ("me") with one target per contact status, a live call and an ended call, an upcoming meeting,
/// a cancelled one, two meetings whose call holds someone I blocked or who blocked me, and one scene
/// of its own per role where a contact status changed after a call rang or a meeting was scheduled.
/// The cells that use it must change nothing, so each checks the world against the state it was
/// built in. Its own Viv with per-person budgets lifted (the one actor makes hundreds of calls a
/// minute here, and what budgets answer is PacingTests' subject), and with calls that ring and access
/// tokens that live for an hour, so the scenes still ringing stay so and everyone stays signed in
/// while the class runs.
/// </summary>
public sealed class AuthorizationWorld : IAsyncLifetime
{
    private VivServer _server = null!;
    private readonly List<ApiClient> _clients = [];
    private readonly List<VivSession> _browsers = [];
    private readonly Dictionary<Someone, string> _baseline = [];
    private readonly Dictionary<Role, Scene> _changed = [];

    /// <summary>The roles whose scene is a contact status changed after a call rang or a meeting was scheduled.</summary>
    public static readonly Role[] ChangeRoles =
        [Role.BlockedAfterInvite, Role.BlockedWhileRinging, Role.BlockerAfterInvite, Role.InvitingBesideABlock,
         Role.BlockerAfterScheduling, Role.BlockedAfterScheduling, Role.OrganizerAfterBlock];

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>
    /// What anyone hears, but the offer of a video message after a call that could not ring: that goes
    /// to the calling tab alone, as its own answer does (VideoMessageTests compares it for a block and
    /// for someone offline).
    /// </summary>
    public HeardEvents Heard { get; } = new("videoMessageOffered");

    public HttpClient AnonymousHttp { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

    public Someone Anonymous { get; private set; } = null!;

    public Someone Me { get; private set; } = null!;
    public Someone Stranger { get; private set; } = null!;
    public Someone Pending { get; private set; } = null!;
    public Someone PendingForMe { get; private set; } = null!;
    public Someone BlockedBy { get; private set; } = null!;
    public Someone Blocked { get; private set; } = null!;
    public Someone DeletedBy { get; private set; } = null!;
    public Someone Offline { get; private set; } = null!;
    public Someone Contact { get; private set; } = null!;
    public Someone Outsider { get; private set; } = null!;
    public Someone Organizer { get; private set; } = null!;
    public Someone SignedOut { get; private set; } = null!;
    public Someone SignedOutBrowser { get; private set; } = null!;

    /// <summary>The actor of the cells that must change something: each of them gets fresh targets, never this world's users.</summary>
    public Someone Agent { get; private set; } = null!;

    /// <summary>Me and Contact, connected; Outsider is a contact of both.</summary>
    public Guid LiveCall { get; private set; }

    /// <summary>Me and Contact, hung up.</summary>
    public Guid EndedCall { get; private set; }

    public Guid UnknownCall { get; } = Guid.NewGuid();

    /// <summary>Organizer invites me, tomorrow; Outsider is a contact of both but not invited.</summary>
    public Guid Meeting { get; private set; }

    public Guid CancelledMeeting { get; private set; }

    public Guid UnknownMeeting { get; } = Guid.NewGuid();

    /// <summary>Organizer invites me and BlockedBy, starting within the early-join window; BlockedBy is in its call.</summary>
    public Guid MeetingWithBlockedBy { get; private set; }

    /// <summary>Organizer invites me and Blocked; Blocked is in its call.</summary>
    public Guid MeetingWithBlocked { get; private set; }

    /// <summary>The web node's name, as every answer's header gives it.</summary>
    public string NodeName { get; private set; } = "";

    public Scene For(Role role) => role switch
    {
        Role.SignedOut => new(Anonymous, Stranger, LiveCall, Meeting, [Stranger, Organizer, Me]),
        Role.SignedOutToken => new(SignedOut, Stranger, LiveCall, Meeting, [Stranger, Organizer, Me]),
        Role.SignedOutCookie => new(SignedOutBrowser, Stranger, LiveCall, Meeting, [Stranger, Organizer, Me]),
        Role.SignedIn => new(Me, Contact, LiveCall, Meeting, [Me]),
        Role.Stranger => About(Stranger, Guid.Empty),
        Role.Pending => About(Pending, Guid.Empty),
        Role.PendingForMe => About(PendingForMe, Guid.Empty),
        Role.BlockedByTarget => About(BlockedBy, MeetingWithBlockedBy),
        Role.Blocker => About(Blocked, MeetingWithBlocked),
        Role.Deleted => About(DeletedBy, Guid.Empty),
        Role.OfflineContact => About(Offline, Guid.Empty),
        Role.Participant => new(Me, Contact, LiveCall, Meeting, [Me, Contact, Organizer]),
        Role.Organizer => new(Organizer, Me, LiveCall, Meeting, [Organizer, Me]),
        Role.NonParticipant => new(Outsider, Contact, LiveCall, Meeting, [Outsider, Me, Contact, Organizer]),
        Role.Ended => new(Me, Contact, EndedCall, CancelledMeeting, [Me, Contact, Organizer]),
        Role.Unknown => new(Me, Contact, UnknownCall, UnknownMeeting, [Me, Contact]),
        _ when _changed.TryGetValue(role, out var changed) => changed,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private Scene About(Someone target, Guid meeting) => new(Me, target, LiveCall, meeting, [Me, target, Contact, Organizer]);

    /// <summary>Whether these users' contacts, meetings and call history are still as the world was built.</summary>
    public async Task<IReadOnlyList<string>> Changes(IEnumerable<Someone> users)
    {
        var checkedUsers = users.Where(_baseline.ContainsKey).Distinct().ToList();
        var now = await Task.WhenAll(checkedUsers.Select(u => u.Snapshot()));
        return [.. checkedUsers.Zip(now).Where(pair => _baseline[pair.First] != pair.Second)
            .Select(pair => $"{pair.First}'s state changed from\n{_baseline[pair.First]}\nto\n{pair.Second}")];
    }

    public async ValueTask InitializeAsync()
    {
        // On a loaded machine the class can outlast the default 15-minute access token, and the
        // calls its scenes leave ringing must ring until the last cell: the longest ring Viv accepts.
        _server = await VivServer.Start(new Dictionary<string, string>(VivServer.Unpaced)
        {
            ["Viv:Calls:RingTimeoutSeconds"] = "600",
            ["Viv:Tokens:AccessTokenSeconds"] = "3600",
        });
        string[] names = ["Me Matrix", "Stranger Matrix", "Pending Matrix", "Asking Matrix", "Blocking Matrix", "Blocked Matrix",
            "Deleting Matrix", "Offline Matrix", "Contact Matrix", "Outsider Matrix", "Organizer Matrix", "Signed Out Matrix", "Agent Matrix"];
        var clients = await Task.WhenAll(names.Select(name => ApiClient.Register(BaseAddress, name)));
        _clients.AddRange(clients);
        var people = names.Zip(clients, (name, client) => Someone.Of(name.Replace(" Matrix", "", StringComparison.Ordinal), client)).ToArray();
        (Me, Stranger, Pending, PendingForMe, BlockedBy, Blocked, DeletedBy, Offline, Contact, Outsider, Organizer, SignedOut, Agent) =
            (people[0], people[1], people[2], people[3], people[4], people[5], people[6], people[7], people[8], people[9], people[10], people[11], people[12]);
        AnonymousHttp.BaseAddress = BaseAddress;
        Anonymous = new Someone("Nobody", AnonymousHttp, Guid.Empty, "", null);

        await Task.WhenAll(
            Arrange(Role.Pending, Me, Pending),
            Arrange(Role.PendingForMe, Me, PendingForMe),
            Arrange(Role.BlockedByTarget, Me, BlockedBy),
            Arrange(Role.Blocker, Me, Blocked),
            Arrange(Role.Deleted, Me, DeletedBy),
            Arrange(Role.OfflineContact, Me, Offline),
            Befriend(Me, Contact),
            Befriend(Me, Outsider),
            Befriend(Me, Organizer));
        await Task.WhenAll(Befriend(Contact, Outsider), Befriend(Organizer, BlockedBy), Befriend(Organizer, Blocked), Befriend(Organizer, Outsider));
        SignedOut.Hub = SignedOut.NewHub();
        await SignedOut.Hub.StartAsync();
        var tokenHubClosed = SignedOut.Hub.Closing();
        using (var signedOut = await SignedOut.Send(HttpMethod.Delete, "/api/v1/tokens/current"))
        {
            signedOut.EnsureSuccessStatusCode();
            NodeName = signedOut.Headers.GetValues(Hosting.Pipeline.NodeHeader).Single();
        }
        SignedOutBrowser = await LoggedOutBrowser();
        await tokenHubClosed.WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var someone in new[] { Me, Stranger, Pending, PendingForMe, BlockedBy, Blocked, DeletedBy, Offline, Contact, Outsider, Organizer, Agent })
        {
            someone.Hub = someone.NewHub();
            if (someone != Agent)
            {
                Heard.Listen(someone.Hub, someone.Name);
            }
            await someone.Hub.StartAsync();
        }
        // Offline is a contact who went offline, as a blocked person must see the one who blocked them.
        await Offline.Hub!.StopAsync();
        await Offline.Hub.DisposeAsync();
        Offline.Hub = null;
        // That reaches me one-way; on a loaded machine it can take longer than the quiet wait below.
        await Heard.Until(all => all.Any(h => h.Who == Me.Name
            && h.Body.Contains(Offline.Id.ToString(), StringComparison.Ordinal) && h.Body.Contains("\"offline\"", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        EndedCall = await Connect(Me, Contact);
        (await Reply(Me.OnlineHub.InvokeAsync<JsonElement>("HangUp", EndedCall))).Should().BeTrue();
        LiveCall = await Connect(Me, Contact);

        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        // Joinable now (the early-join window is 10 minutes), and starting only after this class has long finished.
        var soon = DateTimeOffset.UtcNow.AddMinutes(9.5);
        Meeting = await Schedule(tomorrow, Me);
        CancelledMeeting = await Schedule(tomorrow, Me);
        (await Reply(Organizer.OnlineHub.InvokeAsync<JsonElement>("CancelMeeting", CancelledMeeting))).Should().BeTrue();
        MeetingWithBlockedBy = await Schedule(soon, Me, BlockedBy);
        MeetingWithBlocked = await Schedule(soon, Me, Blocked);
        (await Reply(BlockedBy.OnlineHub.InvokeAsync<JsonElement>("JoinMeeting", MeetingWithBlockedBy))).Should().BeTrue();
        (await Reply(Blocked.OnlineHub.InvokeAsync<JsonElement>("JoinMeeting", MeetingWithBlocked))).Should().BeTrue();
        foreach (var role in ChangeRoles)
        {
            _changed[role] = await ArrangeChange(role, async name =>
            {
                var client = await ApiClient.Register(BaseAddress, $"{name} {role}");
                _clients.Add(client);
                var someone = Someone.Of($"{name} ({role})", client);
                someone.Hub = someone.NewHub();
                Heard.Listen(someone.Hub, someone.Name);
                await someone.Hub.StartAsync();
                return someone;
            });
        }

        // Everything the setup announced has arrived by now; from here on nobody may hear anything.
        await Task.Delay(500);
        Heard.Clear();
        Someone[] everyone = [Me, Stranger, Pending, PendingForMe, BlockedBy, Blocked, DeletedBy, Offline, Contact, Outsider, Organizer,
            .. _changed.Values.SelectMany(scene => scene.Involved)];
        var snapshots = await Task.WhenAll(everyone.Select(s => s.Snapshot()));
        foreach (var (someone, snapshot) in everyone.Zip(snapshots))
        {
            _baseline[someone] = snapshot;
        }
    }

    /// <summary>Someone who logged out of the page, holding a copy of the cookie and the hub connection that was open.</summary>
    private async Task<Someone> LoggedOutBrowser()
    {
        var (browser, id, username) = await HubUser.Register(BaseAddress, "Signed Out Browser Matrix");
        var copy = browser.CopyOfCookies();
        _browsers.AddRange([browser, copy]);
        var hub = browser.Hub();
        await hub.StartAsync();
        var closed = hub.Closing();
        (await browser.LogOut()).Headers.Location!.OriginalString.Should().Be("/Account/Login");
        await closed.WaitAsync(TimeSpan.FromSeconds(10));
        return new Someone("Signed Out Browser", copy.Http, id, username, token: null, cookies: copy.Cookies) { Hub = hub };
    }

    /// <summary>Puts <paramref name="me"/> and <paramref name="target"/> in the contact statuses a role names.</summary>
    public static async Task Arrange(Role role, Someone me, Someone target)
    {
        switch (role)
        {
            case Role.Stranger:
                break;
            case Role.Pending:
                await Act(me, target, "request");
                break;
            case Role.PendingForMe:
                await Act(target, me, "request");
                break;
            case Role.BlockedByTarget:
                await Befriend(me, target);
                await Act(target, me, "block");
                break;
            case Role.Blocker:
                await Befriend(me, target);
                await Act(me, target, "block");
                break;
            case Role.Deleted:
                await Befriend(me, target);
                await Act(target, me, "delete");
                break;
            case Role.OfflineContact:
                await Befriend(me, target);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, "not a contact status");
        }
    }

    /// <summary>
    /// Builds the scene a role of <see cref="ChangeRoles"/> names, on users <paramref name="newUser"/>
    /// makes (registered and online): a contact status changes after the call rang or the meeting was
    /// scheduled. Involved are everyone in the scene.
    /// </summary>
    public static async Task<Scene> ArrangeChange(Role role, Func<string, Task<Someone>> newUser)
    {
        var (one, two) = (await newUser("One"), await newUser("Two"));
        await Befriend(one, two);
        if (role is Role.BlockerAfterScheduling or Role.BlockedAfterScheduling or Role.OrganizerAfterBlock)
        {
            // One schedules a meeting for tomorrow with two; then one of them blocks the other.
            var meeting = await Schedule(one, DateTimeOffset.UtcNow.AddDays(1), two);
            var (blocker, blocked) = role == Role.BlockedAfterScheduling ? (one, two) : (two, one);
            await Act(blocker, blocked, "block");
            return role == Role.OrganizerAfterBlock ? new(one, two, Guid.Empty, meeting, [one, two]) : new(two, one, Guid.Empty, meeting, [two, one]);
        }
        var three = await newUser("Three");
        await Task.WhenAll(Befriend(one, three), Befriend(two, three));
        Guid call;
        switch (role)
        {
            case Role.BlockedAfterInvite:
                call = await Connect(one, two);
                await Invite(one, call, three);
                await Act(two, three, "block");
                return new(three, two, call, Guid.Empty, [three, two, one]);
            case Role.BlockedWhileRinging:
                call = await Ring(one, two);
                await Invite(one, call, three);
                await Act(two, three, "block");
                (await Reply(two.OnlineHub.InvokeAsync<JsonElement>("AnswerCall", call, true))).Should().BeTrue();
                return new(three, two, call, Guid.Empty, [three, two, one]);
            case Role.BlockerAfterInvite:
                call = await Connect(one, two);
                await Invite(one, call, three);
                await Act(three, two, "block");
                return new(three, two, call, Guid.Empty, [three, two, one]);
            case Role.InvitingBesideABlock:
                call = await Ring(one, two);
                await Act(three, two, "block");
                return new(one, three, call, Guid.Empty, [one, three, two]);
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, "not a change after a call rang or a meeting was scheduled");
        }
    }

    public static async Task Befriend(Someone one, Someone other)
    {
        await Act(one, other, "request");
        await Act(other, one, "accept");
    }

    private static async Task Act(Someone actor, Someone other, string action)
    {
        using var response = action == "delete"
            ? await actor.Send(HttpMethod.Delete, $"/api/v1/contacts/{other.Id}")
            : await actor.Send(HttpMethod.Post, $"/api/v1/contacts/{other.Id}/{action}");
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{actor} could not {action} {other}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A call from <paramref name="caller"/>, answered by <paramref name="callee"/>.</summary>
    public static async Task<Guid> Connect(Someone caller, Someone callee)
    {
        var callId = await Ring(caller, callee);
        (await Reply(callee.OnlineHub.InvokeAsync<JsonElement>("AnswerCall", callId, true))).Should().BeTrue();
        return callId;
    }

    /// <summary>A call from <paramref name="caller"/>, still ringing <paramref name="callee"/>.</summary>
    private static async Task<Guid> Ring(Someone caller, Someone callee)
    {
        var started = await caller.OnlineHub.InvokeAsync<JsonElement>("StartCall", callee.Id, "video");
        (await Reply(Task.FromResult(started))).Should().BeTrue(started.GetRawText());
        return started.GetProperty("callId").GetGuid();
    }

    private static async Task Invite(Someone inviter, Guid callId, Someone invitee)
    {
        var invited = await inviter.OnlineHub.InvokeAsync<JsonElement>("Invite", callId, invitee.Id);
        (await Reply(Task.FromResult(invited))).Should().BeTrue(invited.GetRawText());
    }

    private Task<Guid> Schedule(DateTimeOffset startsAt, params Someone[] invitees) => Schedule(Organizer, startsAt, invitees);

    private static async Task<Guid> Schedule(Someone organizer, DateTimeOffset startsAt, params Someone[] invitees)
    {
        var draft = new { title = "Matrix meeting", startsAt, durationMinutes = 30, invitees = invitees.Select(i => i.Id).ToArray() };
        var scheduled = await organizer.OnlineHub.InvokeAsync<JsonElement>("ScheduleMeeting", draft);
        scheduled.GetProperty("ok").GetBoolean().Should().BeTrue(scheduled.GetRawText());
        return scheduled.GetProperty("meetingId").GetGuid();
    }

    private static async Task<bool> Reply(Task<JsonElement> reply) => (await reply).GetProperty("ok").GetBoolean();

    public async ValueTask DisposeAsync()
    {
        Someone[] online = [Me, Stranger, Pending, PendingForMe, BlockedBy, Blocked, DeletedBy, Contact, Outsider, Organizer, SignedOut, SignedOutBrowser, Agent,
            .. _changed.Values.SelectMany(scene => scene.Involved)];
        foreach (var hub in online.Select(s => s.Hub))
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }
        }
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        _browsers.ForEach(browser => browser.Dispose());
        AnonymousHttp.Dispose();
        await _server.DisposeAsync();
    }
}
