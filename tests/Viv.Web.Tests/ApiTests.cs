using System.Net;
using System.Text.Json;
using static Viv.Web.Tests.ApiBodies;

namespace Viv.Web.Tests;

/// <summary>Each /api/v1 resource: what it gives its owner, what it refuses others, and bad bodies.</summary>
public sealed class ApiTests(ServerFixture fixture)
{
    private Uri Viv => fixture.Server.BaseAddress;

    [Fact]
    public async Task My_picture_is_replaced_by_an_image_and_anything_else_is_refused_without_a_change()
    {
        using var me = await ApiClient.Register(Viv, "Picture Owner");
        var before = (await me.Get("/api/v1/me")).GetProperty("pictureUrl").GetString();

        var notAPicture = await ApiProblems.Of(me.Send(HttpMethod.Put, "/api/v1/me/picture", Bytes("<svg onload=alert(1)>"u8.ToArray(), "image/png")));
        var tooLarge = await ApiProblems.Of(me.Send(HttpMethod.Put, "/api/v1/me/picture", Bytes(new byte[3 * 1024 * 1024], "image/png")));
        var unchanged = (await me.Get("/api/v1/me")).GetProperty("pictureUrl").GetString();
        using var replaced = await me.Send(HttpMethod.Put, "/api/v1/me/picture", Bytes(TestImages.Png(), "image/png"));
        var after = JsonDocument.Parse(await replaced.Content.ReadAsStringAsync()).RootElement.GetProperty("pictureUrl").GetString()!;
        using var picture = await me.Send(HttpMethod.Get, after);

        notAPicture.Should().Be((HttpStatusCode.BadRequest, "picture_invalid"));
        tooLarge.Should().Be((HttpStatusCode.RequestEntityTooLarge, "body_too_large"));
        unchanged.Should().Be(before);
        replaced.StatusCode.Should().Be(HttpStatusCode.OK);
        after.Should().NotBe(before);
        picture.Content.Headers.ContentType!.MediaType.Should().Be("image/webp", "the bearer token also opens the picture URL the API hands out");
    }

    [Fact]
    public async Task Search_pages_by_cursor_and_refuses_empty_queries_and_cursors_it_did_not_give()
    {
        var word = "Zq" + Guid.NewGuid().ToString("N")[..6];
        using var me = await ApiClient.Register(Viv, "Searcher");
        await Crowd(25, i => ApiClient.Register(Viv, $"{word} Person{i:D2}"));

        var first = await me.Get($"/api/v1/users?query={word}");
        var second = await me.Get($"/api/v1/users?query={word}&cursor={first.GetProperty("nextCursor").GetString()}");

        first.GetProperty("items").GetArrayLength().Should().Be(20);
        second.GetProperty("items").GetArrayLength().Should().Be(5);
        second.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("user").GetProperty("id").GetGuid()).Should().OnlyHaveUniqueItems().And.HaveCount(25);
        first.GetProperty("items")[0].GetProperty("relationship").GetString().Should().Be("none");
        (await ApiProblems.Of(me.Send(HttpMethod.Get, "/api/v1/users?query="))).Should().Be((HttpStatusCode.BadRequest, "invalid_query"));
        (await ApiProblems.Of(me.Send(HttpMethod.Get, "/api/v1/users"))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await ApiProblems.Of(me.Send(HttpMethod.Get, $"/api/v1/users?query={word}&cursor=%%%"))).Should().Be((HttpStatusCode.BadRequest, "invalid_cursor"));
        (await ApiProblems.Of(me.Send(HttpMethod.Get, $"/api/v1/users?query={word}&cursor=LTE"))).Should().Be((HttpStatusCode.BadRequest, "invalid_cursor"));
    }

    [Fact]
    public async Task Contacts_are_requested_accepted_listed_with_presence_paged_and_removed_and_refusals_are_problems()
    {
        using var alice = await ApiClient.Register(Viv, "Alice Api");
        var friends = await Crowd(3, i => ApiClient.Register(Viv, $"Friend {i}"));
        foreach (var friend in friends)
        {
            await alice.Post($"/api/v1/contacts/{friend.Id}/request");
            await friend.Post($"/api/v1/contacts/{alice.Id}/accept");
        }
        await using var online = friends[0].Hub();
        await online.StartAsync();

        var all = await alice.Get("/api/v1/contacts");
        var page1 = await alice.Get("/api/v1/contacts?limit=2");
        var page2 = await alice.Get($"/api/v1/contacts?limit=2&cursor={page1.GetProperty("nextCursor").GetString()}");
        using var deleted = await alice.Send(HttpMethod.Delete, $"/api/v1/contacts/{friends[2].Id}");
        var afterDelete = await alice.Get("/api/v1/contacts");

        var ids = friends.Select(f => f.Id).Order().ToArray();
        all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("user").GetProperty("id").GetGuid()).Should().Equal(ids);
        all.GetProperty("items").EnumerateArray().Should().OnlyContain(i => i.GetProperty("relationship").GetString() == "accepted");
        all.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("user").GetProperty("id").GetGuid() == friends[0].Id)
            .GetProperty("presence").GetString().Should().Be("online");
        page1.GetProperty("items").GetArrayLength().Should().Be(2);
        page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("user").GetProperty("id").GetGuid()).Should().Equal(ids[2]);
        page2.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterDelete.GetProperty("items").GetArrayLength().Should().Be(2);
        (await ApiProblems.Of(alice.Send(HttpMethod.Post, $"/api/v1/contacts/{Guid.NewGuid()}/request"))).Should().Be((HttpStatusCode.NotFound, "unknown_user"));
        (await ApiProblems.Of(alice.Send(HttpMethod.Post, $"/api/v1/contacts/{alice.Id}/request"))).Should().Be((HttpStatusCode.BadRequest, "self"));
        (await ApiProblems.Of(alice.Send(HttpMethod.Post, $"/api/v1/contacts/{friends[0].Id}/accept"))).Should().Be((HttpStatusCode.Conflict, "not_pending"));
        (await ApiProblems.Of(alice.Send(HttpMethod.Post, $"/api/v1/contacts/{friends[0].Id}/unblock"))).Should().Be((HttpStatusCode.Conflict, "not_blocked"));
        (await ApiProblems.Of(alice.Send(HttpMethod.Post, "/api/v1/contacts/not-a-guid/request"))).Should().Be((HttpStatusCode.NotFound, "not_found"));
        (await ApiProblems.Of(alice.Send(HttpMethod.Post, $"/api/v1/contacts/{friends[0].Id}/befriend"))).Should().Be((HttpStatusCode.NotFound, "not_found"));
        (await ApiProblems.Of(alice.Send(HttpMethod.Get, "/api/v1/contacts?limit=0"))).Should().Be((HttpStatusCode.BadRequest, "invalid_cursor"));
        (await ApiProblems.Of(alice.Send(HttpMethod.Get, "/api/v1/contacts?limit=ten"))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await alice.Get("/api/v1/contacts")).GetProperty("items").GetArrayLength().Should().Be(2, "refused actions change nothing");
        foreach (var friend in friends)
        {
            friend.Dispose();
        }
    }

    [Fact]
    public async Task Meetings_are_scheduled_answered_moved_and_cancelled_and_only_the_people_in_them_see_them()
    {
        using var organizer = await ApiClient.Register(Viv, "Organizer Api");
        using var invitee = await ApiClient.Register(Viv, "Invitee Api");
        using var outsider = await ApiClient.Register(Viv, "Outsider Api");
        await organizer.Post($"/api/v1/contacts/{invitee.Id}/request");
        await invitee.Post($"/api/v1/contacts/{organizer.Id}/accept");
        var startsAt = DateTimeOffset.UtcNow.AddDays(3);
        var draft = new { title = "Api review", startsAt, durationMinutes = 30, invitees = new[] { invitee.Id } };

        using var created = await organizer.Send(HttpMethod.Post, "/api/v1/meetings", draft);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("meetingId").GetGuid();
        var listed = await invitee.Get("/api/v1/meetings");
        using var accepted = await invitee.Send(HttpMethod.Post, $"/api/v1/meetings/{id}/answer", new { accept = true });
        var seen = await organizer.Get($"/api/v1/meetings/{id}");
        using var moved = await organizer.Send(HttpMethod.Put, $"/api/v1/meetings/{id}/time", new { startsAt = startsAt.AddHours(1), durationMinutes = 45 });
        using var calendar = await invitee.Send(HttpMethod.Get, $"/api/v1/meetings/{id}.ics");
        var notOrganizer = await ApiProblems.Of(invitee.Send(HttpMethod.Put, $"/api/v1/meetings/{id}/time", new { startsAt, durationMinutes = 45 }));
        var outsiderGet = await ApiProblems.Of(outsider.Send(HttpMethod.Get, $"/api/v1/meetings/{id}"));
        var outsiderIcs = await ApiProblems.Of(outsider.Send(HttpMethod.Get, $"/api/v1/meetings/{id}.ics"));
        var outsiderCancel = await ApiProblems.Of(outsider.Send(HttpMethod.Delete, $"/api/v1/meetings/{id}"));
        var outsiderAnswer = await ApiProblems.Of(outsider.Send(HttpMethod.Post, $"/api/v1/meetings/{id}/answer", new { accept = true }));
        using var cancelled = await organizer.Send(HttpMethod.Delete, $"/api/v1/meetings/{id}");
        var answerAfterCancel = await ApiProblems.Of(invitee.Send(HttpMethod.Post, $"/api/v1/meetings/{id}/answer", new { accept = false }));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/meetings/{id}");
        listed.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Should().Equal(id);
        accepted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        seen.GetProperty("attendees")[0].GetProperty("answer").GetString().Should().Be("accepted");
        moved.StatusCode.Should().Be(HttpStatusCode.NoContent);
        calendar.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        (await calendar.Content.ReadAsStringAsync()).Should().Contain("SEQUENCE:1");
        notOrganizer.Should().Be((HttpStatusCode.Forbidden, "not_organizer"));
        new[] { outsiderGet, outsiderIcs, outsiderCancel, outsiderAnswer }.Should().AllSatisfy(p => p.Status.Should().Be(HttpStatusCode.NotFound));
        cancelled.StatusCode.Should().Be(HttpStatusCode.NoContent);
        answerAfterCancel.Should().Be((HttpStatusCode.Conflict, "cancelled"));
        (await outsider.Get("/api/v1/meetings")).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Bad_meeting_bodies_are_400_problems_and_schedule_nothing()
    {
        using var organizer = await ApiClient.Register(Viv, "Careless Organizer");
        using var invitee = await ApiClient.Register(Viv, "Careless Invitee");
        await organizer.Post($"/api/v1/contacts/{invitee.Id}/request");
        await invitee.Post($"/api/v1/contacts/{organizer.Id}/accept");
        var at = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        var who = $"[\"{invitee.Id}\"]";
        Task<(HttpStatusCode, string?)> Schedule(string json) => ApiProblems.Of(organizer.Send(HttpMethod.Post, "/api/v1/meetings", RawJson(json)));

        (await Schedule($$"""{"title": "T", "startsAt": "{{at}}", "durationMinutes": "sixty", "invitees": {{who}}}""")).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await Schedule($$"""{"title": "T", "startsAt": "{{at}}", "durationMinutes": "30", "invitees": {{who}}}""")).Should().Be((HttpStatusCode.BadRequest, "invalid_request"), "a number in a string is not a number");
        (await ApiProblems.Of(organizer.Send(HttpMethod.Put, $"/api/v1/meetings/{Guid.NewGuid()}/time", RawJson($$"""{"startsAt": "{{at}}", "durationMinutes": "30"}""")))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await Schedule($$"""{"title": "T", "startsAt": "tomorrow", "durationMinutes": 60, "invitees": {{who}}}""")).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await Schedule($$"""{"title": "T", "startsAt": "{{at}}", "durationMinutes": 60, "invitees": {{who}}, "organizer": "someone else"}""")).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await Schedule($$"""{"title": "T", "startsAt": "{{at}}", "durationMinutes": 60}""")).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await Schedule("[]")).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await Schedule($$"""{"title": "{{new string('x', 201)}}", "startsAt": "{{at}}", "durationMinutes": 60, "invitees": {{who}}}""")).Should().Be((HttpStatusCode.BadRequest, "title_too_long"));
        (await Schedule($$"""{"title": "Past", "startsAt": "2001-01-01T00:00:00Z", "durationMinutes": 60, "invitees": {{who}}}""")).Should().Be((HttpStatusCode.BadRequest, "starts_in_the_past"));
        (await Schedule($$"""{"title": "Stranger", "startsAt": "{{at}}", "durationMinutes": 60, "invitees": ["{{Guid.NewGuid()}}"]}""")).Should().Be((HttpStatusCode.BadRequest, "unavailable"));
        (await Schedule($$"""{"title": "Huge", "note": "{{new string('n', 1024 * 1024)}}", "startsAt": "{{at}}", "durationMinutes": 60, "invitees": {{who}}}""")).Should().Be((HttpStatusCode.RequestEntityTooLarge, "body_too_large"));
        (await ApiProblems.Of(organizer.Send(HttpMethod.Post, $"/api/v1/meetings/{Guid.NewGuid()}/answer", RawJson("""{"accept": "yes"}""")))).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));

        (await organizer.Get("/api/v1/meetings")).GetProperty("items").GetArrayLength().Should().Be(0);
        (await invitee.Get("/api/v1/meetings")).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    private static async Task<ApiClient[]> Crowd(int count, Func<int, Task<ApiClient>> make) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(make));
}
