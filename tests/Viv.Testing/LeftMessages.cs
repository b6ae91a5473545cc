using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Testing;

/// <summary>Video messages left as a page leaves them: a call nobody answers, the offer it brings, the recording posted.</summary>
public static class LeftMessages
{
    /// <summary>
    /// The caller's page calls <paramref name="callee"/>, whose Viv is closed and who has no device to
    /// ring, takes the offer and leaves <paramref name="recording"/> (a 3-s WebM unless given); returns the message's id.
    /// </summary>
    public static async Task<Guid> Leave(HubUser caller, Guid callee, byte[]? recording = null)
    {
        var offer = NextOffer(caller);
        await caller.Hub.InvokeAsync<JsonElement>("StartCall", callee, "video");
        return await LeaveUnder(caller, await offer, recording);
    }

    /// <summary>The id of the next offer the caller's page is made; listen before the call.</summary>
    public static async Task<Guid> NextOffer(HubUser caller)
    {
        var offered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (caller.Hub.On<JsonElement>("videoMessageOffered", e => offered.TrySetResult(e)))
        {
            return (await offered.Task.WaitAsync(TimeSpan.FromSeconds(15))).GetProperty("offerId").GetGuid();
        }
    }

    public static async Task<Guid> LeaveUnder(HubUser caller, Guid offer, byte[]? recording = null)
    {
        var body = new ByteArrayContent(recording ?? Recordings.Webm(3));
        body.Headers.ContentType = new MediaTypeHeaderValue("video/webm");
        using var left = await caller.Session.Http.PostAsync($"/video-messages?offer={offer}", body);
        left.EnsureSuccessStatusCode();
        return (await left.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
