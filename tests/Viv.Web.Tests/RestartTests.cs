using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>Embedded mode keeps everything in its data directory: a restarted process knows every account.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Accounts_and_pictures_survive_a_restart_of_the_process()
    {
        await using var server = await VivServer.Start();
        var username = VivSession.NewUsername();
        using (var before = new VivSession(server.BaseAddress))
        {
            await before.Register(username, "Barbara Liskov", picture: (TestImages.Png(), "me.png", "image/png"));
        }

        await server.Restart();

        using var after = new VivSession(server.BaseAddress);
        var login = await after.LogIn(username);
        var home = await after.Http.GetStringAsync("/");
        var src = System.Text.RegularExpressions.Regex.Match(home, "src=\"(/users/[^\"]+/picture\\?v=1)\"").Groups[1].Value;
        var picture = await after.Http.GetByteArrayAsync(src);

        login.StatusCode.Should().Be(HttpStatusCode.Redirect, server.Output);
        home.Should().Contain("Hello, Barbara Liskov");
        TestImages.IsWebP(picture).Should().BeTrue();
    }

    [Fact]
    public async Task A_meeting_reminder_registered_before_a_restart_fires_after_it()
    {
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Meetings:CheckSeconds"] = "2" });
        await using var organizer = await HubUser.SignIn(server, "Restart Organizer");
        await using var invitee = await HubUser.SignIn(server, "Restart Invitee");
        await organizer.BecomeContacts(invitee);
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(25);
        var draft = new { title = "Survives", startsAt, durationMinutes = 30, invitees = new[] { invitee.Id } };
        var meetingId = (await organizer.Hub.InvokeAsync<JsonElement>("ScheduleMeeting", draft)).GetProperty("meetingId").GetGuid();
        (await invitee.Hub.InvokeAsync<JsonElement>("AnswerMeeting", meetingId, true)).GetProperty("ok").GetBoolean().Should().BeTrue();

        await server.Restart();

        using var again = new VivSession(server.BaseAddress);
        await again.LogIn(invitee.Username);
        await using var reconnected = again.Hub();
        var starting = new TaskCompletionSource<JsonElement>();
        reconnected.On<JsonElement>("meetingStarting", e => starting.TrySetResult(e));
        await reconnected.StartAsync(TestContext.Current.CancellationToken);
        var announced = await starting.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        announced.GetProperty("meetingId").GetGuid().Should().Be(meetingId);
        DateTimeOffset.UtcNow.Should().BeOnOrAfter(startsAt).And.BeBefore(startsAt.AddSeconds(15), "late by at most 15 s");
    }
}
