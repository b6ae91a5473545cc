using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR;

namespace Viv.Web.Tests;

/// <summary>
/// The hub's way to the media server, with a real Janus behind a Viv whose mesh limit is 2: who may
/// send it signals, of which leg, who may choose the size of whose video, and what a call past the
/// limit tells everyone in it. Media itself is the browser tier's (ForwardedCallTests).
/// </summary>
public sealed class ForwardingHubTests : IAsyncLifetime
{
    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    private static readonly object Offer = new { description = new { type = "offer", sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } };
    private static readonly object Answer = new { description = new { type = "answer", sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } };

    private JanusServer _janus = null!;
    private VivServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _janus = await JanusServer.Start("janus-hub");
        _server = await VivServer.Start(new Dictionary<string, string>(_janus.Settings(0)) { ["Viv:Calls:MeshLimit"] = "2" });
    }

    public async ValueTask DisposeAsync()
    {
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
}
