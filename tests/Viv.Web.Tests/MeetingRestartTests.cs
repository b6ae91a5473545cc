using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// A meeting's start survives a restart of the process: its reminder is kept in the data directory.
/// A class of its own, so that its minute of waiting runs beside the other restart tests, not after them.
/// </summary>
[RunsLong]
public sealed class MeetingRestartTests
{
    [Fact]
    public async Task A_meeting_reminder_registered_before_a_restart_fires_after_it()
    {
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Meetings:CheckSeconds"] = "2" });
        await using var organizer = await HubUser.SignIn(server, "Restart Organizer");
        await using var invitee = await HubUser.SignIn(server, "Restart Invitee");
        await organizer.BecomeContacts(invitee);
        // The lead covers signing in, a restart and signing in again on a loaded machine (25 s once did
        // not: the meeting started while nobody was connected to hear it).
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(60);
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
        DateTimeOffset.UtcNow.Should().BeBefore(startsAt, "the invitee must be listening before the meeting starts, or there is nothing to hear");
        var announced = await starting.Task.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);

        announced.GetProperty("meetingId").GetGuid().Should().Be(meetingId);
        DateTimeOffset.UtcNow.Should().BeOnOrAfter(startsAt, "a meeting starts at its time, not before");
    }
}
