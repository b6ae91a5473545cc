using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>Native clients with bearer tokens: the hub gives them presence, ringing and signaling exactly as it gives the browser.</summary>
public sealed class ApiHubTests(ServerFixture fixture)
{
    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    [Fact]
    public async Task A_token_client_rings_another_they_exchange_offer_answer_and_candidates_and_the_call_is_in_both_histories()
    {
        using var ada = await ApiClient.Register(fixture.Server.BaseAddress, "Ada Native");
        using var bob = await ApiClient.Register(fixture.Server.BaseAddress, "Bob Native");
        await ada.Post($"/api/v1/contacts/{bob.Id}/request");
        await bob.Post($"/api/v1/contacts/{ada.Id}/accept");
        await using var adaHub = ada.Hub();
        await using var bobHub = bob.Hub();
        var adaHears = Listen(adaHub, "presenceChanged", "participantJoined", "signal");
        var bobHears = Listen(bobHub, "incomingCall", "callConnected", "signal", "callEnded");
        await adaHub.StartAsync();
        await bobHub.StartAsync();

        var ice = await ada.Get("/api/v1/ice");
        var bobOnline = await Next(adaHears, "presenceChanged");
        var started = await adaHub.InvokeAsync<Reply>("StartCall", bob.Id, "video");
        var ringing = await Next(bobHears, "incomingCall");
        var answered = await bobHub.InvokeAsync<Reply>("AnswerCall", started.CallId, true);
        var connected = await Next(bobHears, "callConnected");
        var joined = await Next(adaHears, "participantJoined");
        var callId = started.CallId!.Value;
        await adaHub.InvokeAsync<Reply>("Signal", callId, bob.Id, new { description = new { type = "offer", sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } });
        var offer = await Next(bobHears, "signal");
        await bobHub.InvokeAsync<Reply>("Signal", callId, ada.Id, new { description = new { type = "answer", sdp = "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n" } });
        var answer = await Next(adaHears, "signal");
        await adaHub.InvokeAsync<Reply>("Signal", callId, bob.Id, new { candidate = new { candidate = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid = "0", sdpMLineIndex = 0 } });
        await bobHub.InvokeAsync<Reply>("Signal", callId, ada.Id, new { candidate = new { candidate = "candidate:2 1 udp 2122260223 127.0.0.1 50001 typ host", sdpMid = "0", sdpMLineIndex = 0 } });
        var candidateAtBob = await Next(bobHears, "signal");
        var candidateAtAda = await Next(adaHears, "signal");
        var hungUp = await adaHub.InvokeAsync<Reply>("HangUp", callId);
        var ended = await Next(bobHears, "callEnded");
        var adaHistory = await ada.Get("/api/v1/calls");
        var bobHistory = await bob.Get("/api/v1/calls");

        ice.GetProperty("iceServers").ValueKind.Should().Be(JsonValueKind.Array);
        bobOnline.GetProperty("userId").GetGuid().Should().Be(bob.Id);
        bobOnline.GetProperty("presence").GetString().Should().Be("online");
        started.Ok.Should().BeTrue(started.Error);
        ringing.GetProperty("callId").GetGuid().Should().Be(callId);
        ringing.GetProperty("caller").GetProperty("id").GetGuid().Should().Be(ada.Id);
        answered.Ok.Should().BeTrue(answered.Error);
        connected.GetProperty("peers")[0].GetProperty("profile").GetProperty("id").GetGuid().Should().Be(ada.Id);
        joined.GetProperty("callId").GetGuid().Should().Be(callId);
        offer.GetProperty("from").GetGuid().Should().Be(ada.Id);
        offer.GetProperty("signal").GetProperty("description").GetProperty("type").GetString().Should().Be("offer");
        answer.GetProperty("signal").GetProperty("description").GetProperty("type").GetString().Should().Be("answer");
        candidateAtBob.GetProperty("signal").GetProperty("candidate").GetProperty("candidate").GetString().Should().StartWith("candidate:1 ");
        candidateAtAda.GetProperty("signal").GetProperty("candidate").GetProperty("candidate").GetString().Should().StartWith("candidate:2 ");
        hungUp.Ok.Should().BeTrue();
        ended.GetProperty("callId").GetGuid().Should().Be(callId);
        foreach (var history in new[] { adaHistory, bobHistory })
        {
            var call = history.GetProperty("items")[0];
            call.GetProperty("callId").GetGuid().Should().Be(callId);
            call.GetProperty("outcome").GetString().Should().Be("completed");
        }
        adaHistory.GetProperty("items")[0].GetProperty("outgoing").GetBoolean().Should().BeTrue();
        (await ada.Get("/api/v1/calls?limit=1")).GetProperty("items").GetArrayLength().Should().Be(1);
        (await ada.Get("/api/v1/calls?cursor=bm90LWEta2V5")).GetProperty("items").GetArrayLength().Should().Be(0, "a cursor past the end is an empty page");
        (await ApiProblems.Of(ada.Send(HttpMethod.Get, "/api/v1/calls?cursor=%25%25"))).Should().Be((HttpStatusCode.BadRequest, "invalid_cursor"));
        bobHistory.GetProperty("items")[0].GetProperty("outgoing").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_hub_connection_with_the_token_of_a_signed_out_session_is_refused()
    {
        using var native = await ApiClient.Register(fixture.Server.BaseAddress, "Signing Out");
        var token = native.AccessToken;
        using var signedOut = await native.Send(HttpMethod.Delete, "/api/v1/tokens/current");
        await using var hub = native.Hub(token);

        var refused = async () => await hub.StartAsync();

        signedOut.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await refused.Should().ThrowAsync<System.Net.WebSockets.WebSocketException>()).WithMessage("*'401'*");
    }

    private static Channel<(string Method, JsonElement Body)> Listen(HubConnection hub, params string[] methods)
    {
        var heard = Channel.CreateUnbounded<(string, JsonElement)>();
        foreach (var method in methods)
        {
            hub.On<JsonElement>(method, body => heard.Writer.TryWrite((method, body)));
        }
        return heard;
    }

    private static async Task<JsonElement> Next(Channel<(string Method, JsonElement Body)> heard, string method)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var passed = new List<string>();
        try
        {
            while (true)
            {
                var (name, body) = await heard.Reader.ReadAsync(timeout.Token);
                if (name == method)
                {
                    return body;
                }
                passed.Add(name);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {method} within 15 s; heard only: {string.Join(", ", passed)}");
        }
    }
}
