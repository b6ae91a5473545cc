using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR;

namespace Viv.Web.Tests;

/// <summary>
/// The hub's way to the media server, with a real Janus behind a Viv whose mesh limit is 2: who may
/// send it signals, of which leg, who may choose the size of whose video, what a call past the limit
/// tells everyone in it, and what it tells them when the media server dies. Media itself is the
/// browser tier's (ForwardedCallTests).
/// </summary>
public sealed class ForwardingHubTests : IAsyncLifetime
{
    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    private static readonly object Offer = new { description = new { type = "offer", sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } };
    private static readonly object Answer = new { description = new { type = "answer", sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } };

    private readonly List<HubUser> _people = [];
    private JanusServer _janus = null!;
    private VivServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _janus = await JanusServer.Start("janus-hub");
        _server = await VivServer.Start(new Dictionary<string, string>(_janus.Settings(0)) { ["Viv:Calls:MeshLimit"] = "2", ["Viv:Calls:MaxParticipants"] = "8" });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var person in _people)
        {
            await person.DisposeAsync();
        }
        await _server.DisposeAsync();
        await _janus.DisposeAsync();
    }

    [Fact]
    public async Task A_call_past_the_mesh_limit_is_forwarded_and_only_its_participants_tabs_may_signal_the_media_server_each_on_its_leg_and_size_the_others_videos()
    {
        await using var a = await HubUser.SignIn(_server, "Ann Forward");
        await using var b = await HubUser.SignIn(_server, "Ben Forward");
        await using var c = await HubUser.SignIn(_server, "Cid Forward");
        await using var outsider = await HubUser.SignIn(_server, "Out Forward");
        await a.BecomeContacts(b);
        await a.BecomeContacts(c);
        var heard = new HeardEvents();
        heard.Listen(a.Hub, "A");
        heard.Listen(b.Hub, "B");
        heard.Listen(c.Hub, "C");
        var callId = (await a.Hub.InvokeAsync<Reply>("StartCall", b.Id, "video")).CallId!.Value;
        (await b.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();

        var whileMesh = await a.Hub.InvokeAsync<Reply>("Forward", callId, "publish", Offer);
        var sizeWhileMesh = await a.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, b.Id, "low");
        (await a.Hub.InvokeAsync<Reply>("Invite", callId, c.Id)).Ok.Should().BeTrue();
        await heard.Until(all => all.Any(h => h.Who == "C" && h.Method == "incomingCall"), TimeSpan.FromSeconds(10));
        (await c.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        await heard.Until(all => all.Count(h => h.Method == "callForwarded") == 2 && all.Any(h => h.Who == "C" && h.Method == "callConnected"), TimeSpan.FromSeconds(10));

        whileMesh.Error.Should().Be("This call does not go through a media server.");
        sizeWhileMesh.Error.Should().Be("This call does not go through a media server.", "tabs in a mesh size what they send themselves");
        heard.All.Where(h => h.Method == "callForwarded").Select(h => h.Who).Should().BeEquivalentTo(["A", "B"], "those in the call move; the newcomer comes in moved");
        heard.All.Single(h => h.Who == "C" && h.Method == "callConnected").Body.Should().Contain("\"forwarded\":true");
        heard.All.Single(h => h.Who == "B" && h.Method == "callConnected").Body.Should().Contain("\"forwarded\":false");

        var fromOutside = await outsider.Hub.InvokeAsync<Reply>("Forward", callId, "publish", Offer);
        var offerToReceive = await c.Hub.InvokeAsync<Reply>("Forward", callId, "receive", Offer);
        var answerToPublish = await c.Hub.InvokeAsync<Reply>("Forward", callId, "publish", Answer);
        var answerToNoOffer = await c.Hub.InvokeAsync<Reply>("Forward", callId, "receive", Answer);
        var notSdp = await c.Hub.InvokeAsync<Reply>("Forward", callId, "publish", Offer);
        var otherCall = await c.Hub.InvokeAsync<Reply>("Forward", Guid.NewGuid(), "publish", Offer);
        var noLeg = async () => await c.Hub.InvokeAsync<Reply>("Forward", callId, "sideways", Offer);

        fromOutside.Error.Should().Be("You are not in this call.");
        offerToReceive.Error.Should().Be("That signaling message was refused.", "the media server offers what a tab receives");
        answerToPublish.Error.Should().Be("That signaling message was refused.", "a tab offers what it publishes");
        answerToNoOffer.Error.Should().Be("That signaling message was refused.", "nothing was offered to receive yet");
        notSdp.Error.Should().Be("That signaling message was refused.", "Janus refuses an offer with no media in it");
        otherCall.Error.Should().Be("This call has ended.");
        await noLeg.Should().ThrowAsync<HubException>();

        // A participant sizes the video of anyone else in the call, and only of them.
        (await c.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, a.Id, "medium")).Ok.Should().BeTrue();
        (await outsider.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, a.Id, "low")).Error.Should().Be("You are not in this call.");
        (await c.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, c.Id, "low")).Error.Should().Be("They are not in this call.", "a tab never receives its own video");
        (await c.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, outsider.Id, "low")).Error.Should().Be("They are not in this call.");
        (await c.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, Guid.NewGuid(), "high")).Error.Should().Be("They are not in this call.");
        var noSuchSize = async () => await c.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, a.Id, "huge");
        var sizeByNumber = async () => await c.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, a.Id, 7);
        await noSuchSize.Should().ThrowAsync<HubException>();
        await sizeByNumber.Should().ThrowAsync<HubException>();

        // Someone who left holds everything their tab knew, and still cannot reach the media server.
        (await c.Hub.InvokeAsync<Reply>("HangUp", callId)).Ok.Should().BeTrue();
        (await c.Hub.InvokeAsync<Reply>("Forward", callId, "publish", Offer)).Error.Should().Be("You are not in this call.");
        (await c.Hub.InvokeAsync<Reply>("Forward", callId, "receive", Answer)).Error.Should().Be("You are not in this call.");
        (await c.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, a.Id, "low")).Error.Should().Be("You are not in this call.");
        (await a.Hub.InvokeAsync<Reply>("ReceiveVideo", callId, c.Id, "low")).Error.Should().Be("They are not in this call.");
        (await a.Hub.InvokeAsync<Reply>("Forward", callId, "receive", Answer)).Error.Should().Be("That signaling message was refused.", "the call stays forwarded for the two left");
    }

    [Fact]
    public async Task When_its_media_server_dies_a_small_call_goes_back_to_direct_connections_then_to_a_media_server_again_as_it_grows()
    {
        var people = await HostAndFriends(4);
        var (a, d) = (people[0], people[3]);
        var heard = Listen(people);
        var callId = await CallWith(a, people[1], people[2]);
        await heard.Until(all => all.Count(h => h.Method == "callForwarded") == 2, TimeSpan.FromSeconds(10));

        await _janus.Kill();
        await heard.Until(all => all.Count(h => h.Method == "meshResumed") == 3, TimeSpan.FromSeconds(10));
        var afterwards = await a.Hub.InvokeAsync<Reply>("Forward", callId, "publish", Offer);
        var up = _server.PrintsNext($"Janus {_janus.Name} at {_janus.Url} is up");
        await _janus.Restart();
        await up.WaitAsync(TimeSpan.FromSeconds(30));
        heard.Clear();
        (await a.Hub.InvokeAsync<Reply>("Invite", callId, d.Id)).Ok.Should().BeTrue();
        await heard.Until(all => all.Any(h => h.Who == "3" && h.Method == "incomingCall"), TimeSpan.FromSeconds(10));
        (await d.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        await heard.Until(all => all.Count(h => h.Method == "callForwarded") == 3 && all.Any(h => h.Who == "3" && h.Method == "callConnected"), TimeSpan.FromSeconds(10));

        afterwards.Error.Should().Be("This call does not go through a media server.");
        heard.All.Where(h => h.Method == "callForwarded").Select(h => h.Who).Should().BeEquivalentTo(["0", "1", "2"]);
        heard.All.Single(h => h.Who == "3" && h.Method == "callConnected").Body.Should().Contain("\"forwarded\":true");
    }

    [Fact]
    public async Task When_its_media_server_dies_a_call_too_large_for_direct_connections_waits_and_moves_to_it_when_it_is_back()
    {
        var people = await HostAndFriends(7);
        var heard = Listen(people);
        var callId = await CallWith([.. people]);
        await heard.Until(all => all.Any(h => h.Who == "6" && h.Method == "callConnected"), TimeSpan.FromSeconds(10));

        await _janus.Kill();
        await _server.Printed($"Call {callId} of 7 is too large for its direct connections").WaitAsync(TimeSpan.FromSeconds(10));
        var meanwhile = await people[0].Hub.InvokeAsync<Reply>("Forward", callId, "publish", Offer);
        heard.Clear();
        await _janus.Restart();
        await heard.Until(all => all.Count(h => h.Method == "callForwarded") == 7, TimeSpan.FromSeconds(30));

        meanwhile.Error.Should().Be("The media server cannot be reached. Try again.", "the call still goes through a media server, which is not there yet");
        heard.All.Where(h => h.Method == "callForwarded").Select(h => h.Who).Should().BeEquivalentTo(["0", "1", "2", "3", "4", "5", "6"]);
        heard.All.Should().NotContain(h => h.Method == "meshResumed");
    }

    [Fact]
    public async Task A_tab_whose_browser_lost_its_path_to_the_media_server_starts_over_there_and_only_that_tab_may_ask()
    {
        var people = await HostAndFriends(4);
        var (host, outsider) = (people[0], people[3]);
        var heard = Listen(people);
        var callId = (await host.Hub.InvokeAsync<Reply>("StartCall", people[1].Id, "video")).CallId!.Value;
        (await people[1].Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        var whileMesh = await host.Hub.InvokeAsync<Reply>("ReconnectMedia", callId);
        var ringing = new HeardEvents();
        ringing.Listen(people[2].Hub, "invitee");
        (await host.Hub.InvokeAsync<Reply>("Invite", callId, people[2].Id)).Ok.Should().BeTrue();
        await ringing.Until(all => all.Any(h => h.Method == "incomingCall"), TimeSpan.FromSeconds(10));
        (await people[2].Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        await heard.Until(all => all.Count(h => h.Method == "callForwarded") == 2 && all.Any(h => h.Who == "2" && h.Method == "callConnected"), TimeSpan.FromSeconds(10));

        var fromOutside = await outsider.Hub.InvokeAsync<Reply>("ReconnectMedia", callId);
        var otherCall = await people[2].Hub.InvokeAsync<Reply>("ReconnectMedia", Guid.NewGuid());
        var lost = await people[2].Hub.InvokeAsync<Reply>("ReconnectMedia", callId);
        await heard.Until(all => all.Any(h => h.Who == "2" && h.Method == "callForwarded"), TimeSpan.FromSeconds(10));

        whileMesh.Error.Should().Be("This call does not go through a media server.");
        fromOutside.Error.Should().Be("You are not in this call.");
        otherCall.Error.Should().Be("This call has ended.");
        lost.Ok.Should().BeTrue();
        heard.All.Where(h => h.Method == "callForwarded").Select(h => h.Who).Should().BeEquivalentTo(["0", "1", "2"],
            "only the tab that asked starts over; the refused requests moved nobody");

        (await people[2].Hub.InvokeAsync<Reply>("HangUp", callId)).Ok.Should().BeTrue();
        (await people[2].Hub.InvokeAsync<Reply>("ReconnectMedia", callId)).Error.Should().Be("You are not in this call.");
    }

    /// <summary>Signed-in people, each a contact of the first (the host); they sign out as the test ends.</summary>
    private async Task<HubUser[]> HostAndFriends(int count)
    {
        var people = new HubUser[count];
        for (var i = 0; i < count; i++)
        {
            people[i] = await HubUser.SignIn(_server, $"Friend {i} Fallback");
            _people.Add(people[i]);
            if (i > 0)
            {
                await people[0].BecomeContacts(people[i]);
            }
        }
        return people;
    }

    /// <summary>What each of <paramref name="people"/> hears, named by their place in the list.</summary>
    private static HeardEvents Listen(HubUser[] people)
    {
        var heard = new HeardEvents();
        for (var i = 0; i < people.Length; i++)
        {
            heard.Listen(people[i].Hub, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return heard;
    }

    /// <summary>A call from the first to the second, then each of the others invited by the first and answering.</summary>
    private static async Task<Guid> CallWith(params HubUser[] people)
    {
        var callId = (await people[0].Hub.InvokeAsync<Reply>("StartCall", people[1].Id, "video")).CallId!.Value;
        (await people[1].Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        foreach (var invitee in people.Skip(2))
        {
            var ringing = new HeardEvents();
            ringing.Listen(invitee.Hub, "invitee");
            (await people[0].Hub.InvokeAsync<Reply>("Invite", callId, invitee.Id)).Ok.Should().BeTrue();
            await ringing.Until(all => all.Any(h => h.Method == "incomingCall"), TimeSpan.FromSeconds(10));
            (await invitee.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        }
        return callId;
    }
}
