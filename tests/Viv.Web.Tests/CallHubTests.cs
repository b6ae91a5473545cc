using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>The call methods of the hub with hostile and mistaken input: clear answers, the other end unaffected.</summary>
public sealed class CallHubTests(ServerFixture fixture)
{
    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    private Task<HubUser> SignedIn(string fullName) => HubUser.SignIn(fixture.Server, fullName);

    private async Task<(HubUser Caller, HubUser Callee, Guid CallId)> InCall()
    {
        var caller = await SignedIn("Caller Hub");
        var callee = await SignedIn("Callee Hub");
        await caller.BecomeContacts(callee);
        var started = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");
        started.Ok.Should().BeTrue(started.Error);
        (await callee.Hub.InvokeAsync<Reply>("AnswerCall", started.CallId, true)).Ok.Should().BeTrue();
        return (caller, callee, started.CallId!.Value);
    }

    private static object Offer(string sdp) => new { description = new { type = "offer", sdp } };

    [Fact]
    public async Task Bad_signals_are_refused_in_words_and_the_call_goes_on()
    {
        var (caller, callee, callId) = await InCall();
        await using var _ = caller;
        await using var __ = callee;
        var relayed = new List<JsonElement>();
        callee.Hub.On<JsonElement>("signal", relayed.Add);

        var huge = await caller.Hub.InvokeAsync<Reply>("Signal", callId, callee.Id, Offer("v=0\r\n" + new string('a', 70_000)));
        var notCandidate = await caller.Hub.InvokeAsync<Reply>("Signal", callId, callee.Id, new { candidate = new { candidate = "javascript:alert(1)", sdpMid = "0", sdpMLineIndex = 0 } });
        var longFragment = await caller.Hub.InvokeAsync<Reply>("Signal", callId, callee.Id,
            new { candidate = new { candidate = "candidate:1 1 udp 1 192.0.2.1 9 typ host", sdpMid = "0", sdpMLineIndex = 0, usernameFragment = new string('u', 120_000) } });
        var wrongRoom = await caller.Hub.InvokeAsync<Reply>("Signal", Guid.NewGuid(), callee.Id, Offer("v=0\r\n"));
        var good = await caller.Hub.InvokeAsync<Reply>("Signal", callId, callee.Id, Offer("v=0\r\n"));

        huge.Should().Be(new Reply(false, null, "That signaling message was refused."));
        notCandidate.Should().Be(new Reply(false, null, "That signaling message was refused."));
        longFragment.Should().Be(new Reply(false, null, "That signaling message was refused."), "a username fragment has at most 256 characters");
        wrongRoom.Should().Be(new Reply(false, null, "This call has ended."));
        good.Ok.Should().BeTrue();
        await Task.Delay(300);
        relayed.Should().ContainSingle();
    }

    [Fact]
    public async Task Someone_outside_the_call_can_neither_signal_nor_hang_up_nor_answer_it()
    {
        var (caller, callee, callId) = await InCall();
        await using var _ = caller;
        await using var __ = callee;
        await using var outsider = await SignedIn("Outsider");

        (await outsider.Hub.InvokeAsync<Reply>("Signal", callId, callee.Id, Offer("v=0\r\n"))).Error.Should().Be("You are not in this call.");
        (await outsider.Hub.InvokeAsync<Reply>("HangUp", callId)).Error.Should().Be("You are not in this call.");
        (await outsider.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Error.Should().Be("You are not in this call.");
        (await caller.Hub.InvokeAsync<Reply>("Signal", callId, callee.Id, Offer("v=0\r\n"))).Ok.Should().BeTrue("the call is unaffected");
    }

    [Fact]
    public async Task A_second_accept_and_a_second_hang_up_are_answered_plainly()
    {
        var (caller, callee, callId) = await InCall();
        await using var _ = caller;
        await using var __ = callee;

        var secondAccept = await callee.Hub.InvokeAsync<Reply>("AnswerCall", callId, true);
        var hangUp = await caller.Hub.InvokeAsync<Reply>("HangUp", callId);
        var again = await caller.Hub.InvokeAsync<Reply>("HangUp", callId);
        var acceptEnded = await callee.Hub.InvokeAsync<Reply>("AnswerCall", callId, true);

        secondAccept.Error.Should().Be("This call was already answered.");
        hangUp.Ok.Should().BeTrue();
        again.Error.Should().Be("This call has ended.");
        acceptEnded.Error.Should().Be("This call has ended.");
    }

    [Fact]
    public async Task Calling_myself_or_a_stranger_is_refused_and_rings_nobody()
    {
        await using var me = await SignedIn("Lonely Caller");
        await using var stranger = await SignedIn("Stranger");
        var rang = false;
        stranger.Hub.On<JsonElement>("incomingCall", _ => rang = true);

        (await me.Hub.InvokeAsync<Reply>("StartCall", me.Id, "video")).Error.Should().Be("You cannot call yourself.");
        (await me.Hub.InvokeAsync<Reply>("StartCall", stranger.Id, "voice")).Error.Should().Be("Unavailable");
        (await me.Hub.InvokeAsync<Reply>("StartCall", Guid.NewGuid(), "voice")).Error.Should().Be("Unavailable");
        await Task.Delay(300);
        rang.Should().BeFalse();
    }

    [Fact]
    public async Task A_contact_invited_while_someone_they_blocked_still_rings_is_unavailable_as_an_offline_contact_and_nobody_hears_of_it()
    {
        await using var a = await SignedIn("Ringing Host");
        await using var b = await SignedIn("Still Ringing");
        await using var d = await SignedIn("Blocked B");
        await using var offline = await SignedIn("Gone Offline");
        var heard = new HeardEvents();
        heard.Listen(a.Hub, "A");
        heard.Listen(b.Hub, "B");
        heard.Listen(d.Hub, "D");
        await a.BecomeContacts(b);
        await a.BecomeContacts(d);
        await b.BecomeContacts(d);
        await a.BecomeContacts(offline);
        (await d.Hub.InvokeAsync<JsonElement>("ChangeContact", b.Id, "block")).GetProperty("ok").GetBoolean().Should().BeTrue();
        await offline.Hub.StopAsync();
        await heard.Until(all => all.Any(h => h.Who == "B" && h.Method == "presenceChanged" && h.Body.Contains(d.Id.ToString(), StringComparison.Ordinal)
            && h.Body.Contains("\"offline\"", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        heard.Clear();

        var started = await a.Hub.InvokeAsync<Reply>("StartCall", b.Id, "video");
        await heard.Until(all => all.Any(h => h.Who == "B" && h.Method == "incomingCall"), TimeSpan.FromSeconds(10));
        var invited = await a.Hub.InvokeAsync<JsonElement>("Invite", started.CallId, d.Id);
        var invitedOffline = await a.Hub.InvokeAsync<JsonElement>("Invite", started.CallId, offline.Id);
        var answered = await b.Hub.InvokeAsync<Reply>("AnswerCall", started.CallId, true);
        var answeredAnyway = await d.Hub.InvokeAsync<Reply>("AnswerCall", started.CallId, true);
        await heard.Until(all => all.Any(h => h.Who == "A" && h.Method == "participantJoined"), TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        invited.GetRawText().Should().Be("""{"ok":false,"callId":null,"error":"Unavailable"}""");
        invitedOffline.GetRawText().Should().Be(invited.GetRawText(), "a block answers byte for byte as an offline contact");
        answered.Ok.Should().BeTrue(answered.Error);
        answeredAnyway.Error.Should().Be("You are not in this call.", "D was never rung");
        heard.All.Where(h => h.Body.Contains(started.CallId!.Value.ToString(), StringComparison.Ordinal)).Select(h => $"{h.Who} {h.Method}")
            .Should().BeEquivalentTo(["B incomingCall", "A participantInvited", "B callAnsweredElsewhere", "B callConnected", "A participantJoined"], "D is rung into nothing and nobody hears of D");
        heard.All.Where(h => h.Who != "D").Should().NotContain(h => h.Body.Contains(d.Id.ToString(), StringComparison.Ordinal));
        (await b.Hub.InvokeAsync<Reply>("Signal", started.CallId, d.Id, Offer("v=0\r\n"))).Error.Should().Be("They are not in this call.");
    }

    [Fact]
    public async Task Adding_a_contact_rings_them_and_bad_invitations_are_refused_in_words()
    {
        var (caller, callee, callId) = await InCall();
        await using var _ = caller;
        await using var __ = callee;
        await using var third = await SignedIn("Third Hub");
        await using var stranger = await SignedIn("Stranger Hub");
        await caller.BecomeContacts(third);
        var ringing = new TaskCompletionSource<JsonElement>();
        third.Hub.On<JsonElement>("incomingCall", call => ringing.TrySetResult(call));

        var notAContact = await caller.Hub.InvokeAsync<Reply>("Invite", callId, stranger.Id);
        var alreadyThere = await caller.Hub.InvokeAsync<Reply>("Invite", callId, callee.Id);
        var fromOutside = await stranger.Hub.InvokeAsync<Reply>("Invite", callId, third.Id);
        var added = await caller.Hub.InvokeAsync<Reply>("Invite", callId, third.Id);
        var invitation = await ringing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var joined = await third.Hub.InvokeAsync<Reply>("AnswerCall", callId, true);
        var toNobody = await third.Hub.InvokeAsync<Reply>("Signal", callId, stranger.Id, Offer("v=0\r\n"));

        notAContact.Error.Should().Be("Unavailable");
        alreadyThere.Error.Should().Be("They are already in this call.");
        fromOutside.Error.Should().Be("You are not in this call.");
        added.Ok.Should().BeTrue(added.Error);
        invitation.GetProperty("caller").GetProperty("fullName").GetString().Should().Be("Caller Hub");
        invitation.GetProperty("others").EnumerateArray().Single().GetProperty("fullName").GetString().Should().Be("Callee Hub");
        joined.Ok.Should().BeTrue(joined.Error);
        toNobody.Error.Should().Be("They are not in this call.");
        (await third.Hub.InvokeAsync<Reply>("Signal", callId, callee.Id, Offer("v=0\r\n"))).Ok.Should().BeTrue();
    }
}
