using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>Video messages over HTTP: leaving one under an offer, the API's list, playing with ranges, deleting; and what a hostile client sends.</summary>
public sealed class VideoMessageTests(ServerFixture fixture)
{
    private static readonly byte[] Recording = Recordings.Webm(4);

    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    /// <summary>A caller with a page open, whose call to a contact with Viv closed cannot ring: the page is offered a message.</summary>
    private async Task<(HubUser Caller, ApiClient Callee, Guid Offer)> Offered()
    {
        var caller = await HubUser.SignIn(fixture.Server.BaseAddress, "Leaves Word");
        await using var callee = await HubUser.SignIn(fixture.Server.BaseAddress, "Away Now");
        await caller.BecomeContacts(callee);
        var api = await ApiClient.SignIn(fixture.Server.BaseAddress, callee.Id, callee.Username);
        await callee.GoOfflineSeenBy(caller);
        var offered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = caller.Hub.On<JsonElement>("videoMessageOffered", e => offered.TrySetResult(e));

        var reply = await caller.Hub.InvokeAsync<Reply>("StartCall", callee.Id, "video");

        reply.Error.Should().Be("Unavailable");
        var offer = await offered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        offer.GetProperty("recipient").GetProperty("id").GetGuid().Should().Be(callee.Id);
        offer.GetProperty("kind").GetString().Should().Be("video");
        return (caller, api, offer.GetProperty("offerId").GetGuid());
    }

    private static ByteArrayContent Body(byte[] bytes, string type = "video/webm")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    private static Task<HttpResponseMessage> Leave(HubUser caller, Guid? offer, HttpContent body) =>
        caller.Session.Http.PostAsync(offer is null ? "/video-messages" : $"/video-messages?offer={offer}", body);

    [Fact]
    public async Task A_message_left_from_the_page_is_listed_played_with_ranges_and_deleted_through_the_api()
    {
        var (caller, callee, offer) = await Offered();
        await using var _ = caller;
        using var __ = callee;

        var asRecorded = new ByteArrayContent(Recording);
        asRecorded.Headers.TryAddWithoutValidation("Content-Type", "video/webm;codecs=vp8,opus");
        using var left = await Leave(caller, offer, asRecorded);
        left.StatusCode.Should().Be(HttpStatusCode.Created, await left.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await left.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        var listed = await callee.Get("/api/v1/video-messages");
        listed.GetArrayLength().Should().Be(1);
        listed[0].GetProperty("id").GetGuid().Should().Be(id);
        listed[0].GetProperty("from").GetProperty("fullName").GetString().Should().Be("Leaves Word");
        listed[0].GetProperty("seen").GetBoolean().Should().BeFalse();
        using var whole = await callee.Send(HttpMethod.Get, $"/api/v1/video-messages/{id}");
        var file = await whole.Content.ReadAsByteArrayAsync();
        (whole.StatusCode, whole.Content.Headers.ContentType!.MediaType, whole.Headers.AcceptRanges.Single()).Should().Be((HttpStatusCode.OK, "video/webm", "bytes"));
        file.Length.Should().Be(Recording.Length + 11, "the duration was written in");
        var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/video-messages/{id}");
        ranged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callee.AccessToken);
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await callee.Http.SendAsync(ranged);
        (part.StatusCode, part.Content.Headers.ContentRange!.ToString()).Should().Be((HttpStatusCode.PartialContent, $"bytes 100-199/{file.Length}"));
        (await part.Content.ReadAsByteArrayAsync()).Should().Equal(file[100..200]);
        (await callee.Get("/api/v1/video-messages"))[0].GetProperty("seen").GetBoolean().Should().BeTrue("played");

        using var deleted = await callee.Send(HttpMethod.Delete, $"/api/v1/video-messages/{id}");
        using var gone = await callee.Send(HttpMethod.Get, $"/api/v1/video-messages/{id}");
        (deleted.StatusCode, gone.StatusCode).Should().Be((HttpStatusCode.NoContent, HttpStatusCode.NotFound));
        (await callee.Get("/api/v1/video-messages")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_page_is_offered_a_message_after_calling_someone_who_blocked_it_exactly_as_after_calling_someone_offline()
    {
        await using var caller = await HubUser.SignIn(fixture.Server.BaseAddress, "Calls Both");
        await using var blocker = await HubUser.SignIn(fixture.Server.BaseAddress, "Blocks Quietly");
        await using var offline = await HubUser.SignIn(fixture.Server.BaseAddress, "Blocks Quietly");
        await caller.BecomeContacts(blocker);
        await caller.BecomeContacts(offline);
        (await blocker.Hub.InvokeAsync<JsonElement>("ChangeContact", caller.Id, "block")).GetProperty("ok").GetBoolean().Should().BeTrue();
        await offline.GoOfflineSeenBy(caller);
        var offers = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listening = caller.Hub.On<JsonElement>("videoMessageOffered", e => offers.Enqueue(e.GetRawText()));

        var toBlocker = await caller.Hub.InvokeAsync<JsonElement>("StartCall", blocker.Id, "video");
        var toOffline = await caller.Hub.InvokeAsync<JsonElement>("StartCall", offline.Id, "video");

        toBlocker.GetRawText().Should().Be(toOffline.GetRawText());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (offers.Count < 2)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "each call that could not ring offers a message");
            await Task.Delay(20);
        }
        string Shape(string offer, HubUser who) => Regex.Replace(offer.Replace(who.Id.ToString(), "{person}").Replace(who.Username, "{username}"),
            "\"(offerId|expiresAt)\":\"[^\"]+\"", "\"$1\":\"…\"");
        var (first, second) = (offers.ElementAt(0), offers.ElementAt(1));
        var (forBlocker, forOffline) = first.Contains(blocker.Id.ToString(), StringComparison.Ordinal) ? (first, second) : (second, first);
        Shape(forBlocker, blocker).Should().Be(Shape(forOffline, offline));
    }

    [Fact]
    public async Task Ranges_that_are_malformed_or_past_the_end_and_someone_elses_message_get_clear_answers()
    {
        var (caller, callee, offer) = await Offered();
        await using var _ = caller;
        using var __ = callee;
        using var left = await Leave(caller, offer, Body(Recording));
        var id = JsonDocument.Parse(await left.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        using var stranger = await ApiClient.Register(fixture.Server.BaseAddress, "Not The Recipient");

        async Task<HttpResponseMessage> WithRange(string range)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/video-messages/{id}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callee.AccessToken);
            request.Headers.TryAddWithoutValidation("Range", range);
            return await callee.Http.SendAsync(request);
        }
        using var beyond = await WithRange("bytes=900000000-900000100");
        using var malformed = await WithRange("bytes=banana");
        using var notTheirs = await stranger.Send(HttpMethod.Get, $"/api/v1/video-messages/{id}");
        using var notTheirsToDelete = await stranger.Send(HttpMethod.Delete, $"/api/v1/video-messages/{id}");
        using var bySender = await caller.Session.Http.GetAsync($"/video-messages/{id}");

        beyond.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
        beyond.Content.Headers.ContentRange!.ToString().Should().Be($"bytes */{Recording.Length + 11}");
        malformed.StatusCode.Should().Be(HttpStatusCode.OK, "a Range header that is not one is ignored (RFC 9110)");
        (await ApiProblems.Read(notTheirs)).Should().Be((HttpStatusCode.NotFound, "not_found"));
        (await ApiProblems.Read(notTheirsToDelete)).Should().Be((HttpStatusCode.NotFound, "not_found"));
        bySender.StatusCode.Should().Be(HttpStatusCode.NotFound, "the sender cannot play back what they left");
        (await callee.Get("/api/v1/video-messages")).GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task What_is_not_a_message_under_an_offer_is_refused_in_words_and_nothing_is_stored()
    {
        var (caller, callee, offer) = await Offered();
        await using var _ = caller;
        using var __ = callee;
        var cases = new (Guid? Offer, HttpContent Body, HttpStatusCode Status, string Code)[]
        {
            (offer, Body("<svg onload=alert(1)>"u8.ToArray()), HttpStatusCode.BadRequest, "not_media"),
            (offer, Body(Recordings.Webm(2, videoCodec: "V_THEORA")), HttpStatusCode.BadRequest, "not_media"),
            (offer, Body(Recording, "text/plain"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"),
            (offer, new MultipartFormDataContent { { Body(Recording), "file", "message.webm" } }, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"),
            (offer, Body(Recordings.Webm(75)), HttpStatusCode.BadRequest, "too_long"),
            (offer, Body(new byte[16 * 1024 * 1024]), HttpStatusCode.RequestEntityTooLarge, "too_large"),
            (null, Body(Recording), HttpStatusCode.BadRequest, "offer_required"),
            (Guid.NewGuid(), Body(Recording), HttpStatusCode.NotFound, "no_offer"),
        };

        foreach (var (to, body, status, code) in cases)
        {
            using var refused = await Leave(caller, to, body);
            (await ApiProblems.Read(refused)).Should().Be((status, code), $"{body.Headers.ContentType} {code}");
        }
        using var anonymous = await new HttpClient { BaseAddress = fixture.Server.BaseAddress }.PostAsync($"/video-messages?offer={offer}", Body(Recording));

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await callee.Get("/api/v1/video-messages")).GetArrayLength().Should().Be(0);
        using var stillOffered = await Leave(caller, offer, Body(Recording));
        stillOffered.StatusCode.Should().Be(HttpStatusCode.Created, "refusals leave the offer to try again");
    }
}
