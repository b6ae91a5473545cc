using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// The keys of encrypted calls through the hub, with real clients: identity keys announced to
/// everyone in the call whoever came first, media key messages relayed unread to their one
/// recipient as they were sent, and everything of another shape, from elsewhere or for someone
/// else refused in words and relayed to nobody. The cryptography is the browser's (tests/js).
/// </summary>
public sealed class CallKeysHubTests(ServerFixture fixture)
{
    private sealed record Reply(bool Ok, Guid? CallId, string? Error);

    private const string Refused = "That key was refused.";
    private const string Unannounced = "That key is not the one announced in this call.";

    private static readonly string[] KeyEvents = ["identityAnnounced", "mediaKey"];

    private static string NewKey(int bytes = 32) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A, B and C in one call, each heard under their letter.</summary>
    private sealed record ThreeInCall(HubUser A, HubUser B, HubUser C, Guid CallId, HeardEvents Heard) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await C.DisposeAsync();
        }
    }

    private async Task<ThreeInCall> Three(string tag)
    {
        var heard = new HeardEvents();
        var a = await HubUser.SignIn(fixture.Server, $"Ann {tag}");
        var b = await HubUser.SignIn(fixture.Server, $"Ben {tag}");
        var c = await HubUser.SignIn(fixture.Server, $"Cid {tag}");
        await a.BecomeContacts(b);
        await a.BecomeContacts(c);
        heard.Listen(a.Hub, "A");
        heard.Listen(b.Hub, "B");
        heard.Listen(c.Hub, "C");
        var callId = (await a.Hub.InvokeAsync<Reply>("StartCall", b.Id, "video")).CallId!.Value;
        await heard.Until(all => all.Any(h => h.Who == "B" && h.Method == "incomingCall"), TimeSpan.FromSeconds(10));
        (await b.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        await Join(a, c, callId, heard, "C");
        return new ThreeInCall(a, b, c, callId, heard);
    }

    private static async Task Join(HubUser inviter, HubUser invitee, Guid callId, HeardEvents heard, string who)
    {
        var rings = heard.All.Count(h => h.Who == who && h.Method == "incomingCall");
        (await inviter.Hub.InvokeAsync<Reply>("Invite", callId, invitee.Id)).Ok.Should().BeTrue();
        await heard.Until(all => all.Count(h => h.Who == who && h.Method == "incomingCall") > rings, TimeSpan.FromSeconds(10));
        (await invitee.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
    }

    private static async Task<string> Announce(HubUser user, Guid callId)
    {
        var key = NewKey();
        var announced = await user.Hub.InvokeAsync<Reply>("AnnounceIdentity", callId, key);
        announced.Ok.Should().BeTrue(announced.Error);
        return key;
    }

    /// <summary>A key message as the browser's key-wrap.js writes it (random bytes where it puts ciphertext).</summary>
    private static JsonObject Wrapped(Guid callId, string from, string to) => new()
    {
        ["v"] = 1, ["call"] = callId.ToString(), ["kid"] = 7, ["from"] = from, ["to"] = to,
        ["salt"] = NewKey(16), ["iv"] = NewKey(12), ["key"] = NewKey(32),
    };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static Task<Reply> Send(HubUser from, Guid callId, HubUser to, JsonNode? message) =>
        from.Hub.InvokeAsync<Reply>("SendMediaKey", callId, to.Id, message is null ? (object?)null : Json(message.ToJsonString()));

    private static IEnumerable<string> Announcements(HeardEvents heard, string who) =>
        heard.All.Where(h => h.Who == who && h.Method == "identityAnnounced").Select(h => Json(h.Body))
            .Select(body => $"{body.GetProperty("callId")} {body.GetProperty("userId")} {body.GetProperty("publicKey")}");

    private static string Announcement(Guid callId, HubUser user, string key) => $"{callId} {user.Id} {key}";

    /// <summary>
    /// Waits until each has heard this many announcements: one announcement reaches each connection
    /// on its own, so a test that clears what was heard waits for all of them first.
    /// </summary>
    private static Task Announced(HeardEvents heard, params (string Who, int Count)[] counts) =>
        heard.Until(_ => counts.All(count => Announcements(heard, count.Who).Count() == count.Count), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Identity_keys_reach_everyone_in_the_call_whoever_announced_first_and_a_new_one_replaces_the_old()
    {
        var heard = new HeardEvents();
        await using var a = await HubUser.SignIn(fixture.Server, "Ann First");
        await using var b = await HubUser.SignIn(fixture.Server, "Ben Second");
        await using var c = await HubUser.SignIn(fixture.Server, "Cid Late");
        await a.BecomeContacts(b);
        await a.BecomeContacts(c);
        heard.Listen(a.Hub, "A");
        heard.Listen(b.Hub, "B");
        heard.Listen(c.Hub, "C");
        var callId = (await a.Hub.InvokeAsync<Reply>("StartCall", b.Id, "video")).CallId!.Value;

        var aKey = await Announce(a, callId);
        await heard.Until(all => all.Any(h => h.Who == "B" && h.Method == "incomingCall"), TimeSpan.FromSeconds(10));
        (await b.Hub.InvokeAsync<Reply>("AnswerCall", callId, true)).Ok.Should().BeTrue();
        await Announced(heard, ("B", 1));
        var bKey = await Announce(b, callId);
        await Announced(heard, ("A", 1));
        await Join(a, c, callId, heard, "C");
        await Announced(heard, ("C", 2));
        var cKey = await Announce(c, callId);
        await Announced(heard, ("A", 2), ("B", 2));
        var aReloaded = await Announce(a, callId);
        await Announced(heard, ("B", 3), ("C", 3));
        await Task.Delay(300);

        heard.All.Where(h => h.Who == "B" && h.Method is "callConnected" or "identityAnnounced").Select(h => h.Method).Should()
            .Equal(["callConnected", "identityAnnounced", "identityAnnounced", "identityAnnounced"], "the key a caller announced while ringing waits for the callee to come in");
        Announcements(heard, "A").Should().Equal(Announcement(callId, b, bKey), Announcement(callId, c, cKey));
        Announcements(heard, "B").Should().Equal(Announcement(callId, a, aKey), Announcement(callId, c, cKey), Announcement(callId, a, aReloaded));
        Announcements(heard, "C").Take(2).Should().BeEquivalentTo([Announcement(callId, a, aKey), Announcement(callId, b, bKey)], "a newcomer hears everyone already known");
        Announcements(heard, "C").Skip(2).Should().Equal(Announcement(callId, a, aReloaded));
    }

    [Fact]
    public async Task A_tab_that_rejoins_after_a_reconnect_hears_every_key_again_and_another_tab_of_the_same_person_announces_nothing()
    {
        await using var call = await Three("Rejoin");
        var (a, b, c, callId, heard) = call;
        var aKey = await Announce(a, callId);
        var cKey = await Announce(c, callId);
        await using var bAgain = b.Session.Hub();
        await bAgain.StartAsync();
        heard.Listen(bAgain, "B again");

        var fromOtherTab = await bAgain.InvokeAsync<Reply>("AnnounceIdentity", callId, NewKey());
        var rejoined = await bAgain.InvokeAsync<Reply>("Rejoin", callId);
        await Announced(heard, ("B again", 2));
        var bKey = await bAgain.InvokeAsync<Reply>("AnnounceIdentity", callId, NewKey());
        var fromOldTab = await b.Hub.InvokeAsync<Reply>("AnnounceIdentity", callId, NewKey());

        fromOtherTab.Error.Should().Be("You are not in this call.");
        rejoined.Ok.Should().BeTrue(rejoined.Error);
        Announcements(heard, "B again").Should().BeEquivalentTo([Announcement(callId, a, aKey), Announcement(callId, c, cKey)]);
        bKey.Ok.Should().BeTrue(bKey.Error);
        fromOldTab.Error.Should().Be("You are not in this call.", "the tab taking part is the one that rejoined");
    }

    [Fact]
    public async Task A_media_key_reaches_its_recipient_only_as_it_was_sent()
    {
        await using var call = await Three("Relay");
        var (a, b, c, callId, heard) = call;
        var aKey = await Announce(a, callId);
        var bKey = await Announce(b, callId);
        await Announce(c, callId);
        var message = Wrapped(callId, aKey, bKey).ToJsonString();

        var sent = await a.Hub.InvokeAsync<Reply>("SendMediaKey", callId, b.Id, Json(message));
        await heard.Until(all => all.Any(h => h.Method == "mediaKey"), TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        sent.Should().Be(new Reply(true, null, null));
        var relayed = heard.All.Where(h => h.Method == "mediaKey").Should().ContainSingle().Which;
        relayed.Who.Should().Be("B");
        var body = Json(relayed.Body);
        (body.GetProperty("callId").GetGuid(), body.GetProperty("from").GetGuid()).Should().Be((callId, a.Id));
        body.GetProperty("message").GetRawText().Should().Be(message, "the message is relayed byte for byte");
    }

    [Fact]
    public async Task Every_malformed_field_is_refused_in_words_and_relayed_to_nobody()
    {
        await using var call = await Three("Malformed");
        var (a, b, c, callId, heard) = call;
        var aKey = await Announce(a, callId);
        var bKey = await Announce(b, callId);
        await Announced(heard, ("A", 1), ("B", 1), ("C", 2));
        heard.Clear();
        JsonObject Good() => Wrapped(callId, aKey, bKey);
        JsonObject With(string field, JsonNode? value)
        {
            var message = Good();
            message[field] = value;
            return message;
        }
        JsonObject Without(string field)
        {
            var message = Good();
            message.Remove(field);
            return message;
        }
        string Raw(string kid) => Good().ToJsonString().Replace("\"kid\":7", $"\"kid\":{kid}", StringComparison.Ordinal);

        var badKeys = new Dictionary<string, string?>
        {
            ["none"] = null, ["empty"] = "", ["31 bytes"] = NewKey(31), ["33 bytes"] = NewKey(33), ["padded"] = NewKey(32) + "=",
            ["standard base64"] = Convert.ToBase64String(Enumerable.Repeat((byte)0xfb, 32).ToArray()).TrimEnd('='),
            ["space inside"] = NewKey(32).Insert(20, " "), ["line break after"] = NewKey(32) + "\n",
        };
        var announcing = new Dictionary<string, Reply>();
        foreach (var (name, key) in badKeys)
        {
            announcing[name] = await a.Hub.InvokeAsync<Reply>("AnnounceIdentity", callId, key);
        }
        var badMessages = new Dictionary<string, JsonNode?>
        {
            ["none"] = null, ["an array"] = new JsonArray(Good()), ["a string"] = JsonValue.Create(Good().ToJsonString()),
            ["no v"] = Without("v"), ["v 2"] = With("v", 2), ["v as text"] = With("v", "1"),
            ["no call"] = Without("call"), ["another call"] = With("call", Guid.NewGuid().ToString()), ["the call in capitals"] = With("call", callId.ToString().ToUpperInvariant()),
            ["the call in another format"] = With("call", callId.ToString("N")),
            ["no kid"] = Without("kid"), ["kid as text"] = With("kid", "7"), ["kid -1"] = With("kid", -1), ["kid 2^53"] = With("kid", 1L << 53),
            ["kid 7.0"] = Json(Raw("7.0")).Deserialize<JsonNode>(), ["kid 7e0"] = Json(Raw("7e0")).Deserialize<JsonNode>(), ["kid -0"] = Json(Raw("-0")).Deserialize<JsonNode>(),
            ["from 31 bytes"] = With("from", NewKey(31)), ["from padded"] = With("from", aKey + "="), ["from null"] = With("from", null),
            ["to 33 bytes"] = With("to", NewKey(33)), ["to with a space"] = With("to", " " + bKey[1..]),
            ["salt 15 bytes"] = With("salt", NewKey(15)), ["salt 17 bytes"] = With("salt", NewKey(17)),
            ["iv 11 bytes"] = With("iv", NewKey(11)), ["iv in standard base64"] = With("iv", "+/+/+/+/+/+/+/+/"),
            ["key 16 bytes"] = With("key", NewKey(16)), ["key 48 bytes"] = With("key", NewKey(48)), ["key as a number"] = With("key", 5),
            ["an extra field"] = With("note", "hello"), ["a second kid"] = Json(Good().ToJsonString().Replace("\"kid\":7", "\"kid\":7,\"kid\":8", StringComparison.Ordinal)).Deserialize<JsonNode>(),
            ["a field in capitals"] = Json(Good().ToJsonString().Replace("\"salt\"", "\"Salt\"", StringComparison.Ordinal)).Deserialize<JsonNode>(),
        };
        var sending = new Dictionary<string, Reply>();
        foreach (var (name, message) in badMessages)
        {
            sending[name] = await Send(a, callId, b, message);
        }
        var stale = new Dictionary<string, Reply>
        {
            ["from a key A does not have"] = await Send(a, callId, b, Wrapped(callId, NewKey(), bKey)),
            ["to a key B does not have"] = await Send(a, callId, b, Wrapped(callId, aKey, NewKey())),
            ["to C, who announced no key"] = await Send(a, callId, c, Wrapped(callId, aKey, NewKey())),
            ["from C, who announced no key"] = await Send(c, callId, b, Wrapped(callId, NewKey(), bKey)),
        };
        var toThemselves = await Send(a, callId, a, Wrapped(callId, aKey, aKey));
        var stillGood = await Send(a, callId, b, Good());
        await heard.Until(all => all.Any(h => h.Method == "mediaKey"), TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        announcing.Should().AllSatisfy(refused => refused.Value.Should().Be(new Reply(false, null, Refused), refused.Key));
        sending.Should().AllSatisfy(refused => refused.Value.Should().Be(new Reply(false, null, Refused), refused.Key));
        stale.Should().AllSatisfy(refused => refused.Value.Should().Be(new Reply(false, null, Unannounced), refused.Key));
        toThemselves.Error.Should().Be("They are not in this call.");
        stillGood.Ok.Should().BeTrue(stillGood.Error);
        heard.All.Where(h => KeyEvents.Contains(h.Method)).Select(h => $"{h.Who} {h.Method}").Should().Equal(["B mediaKey"], "only the good message went anywhere");
    }

    [Fact]
    public async Task A_leavers_key_is_forgotten_and_key_messages_to_and_from_them_are_refused()
    {
        await using var call = await Three("Leaver");
        var (a, b, c, callId, heard) = call;
        var aKey = await Announce(a, callId);
        var bKey = await Announce(b, callId);
        var cKey = await Announce(c, callId);
        await Announced(heard, ("A", 2), ("B", 2), ("C", 2));
        (await c.Hub.InvokeAsync<Reply>("HangUp", callId)).Ok.Should().BeTrue();

        var toLeaver = await Send(a, callId, c, Wrapped(callId, aKey, cKey));
        var fromLeaver = await Send(c, callId, a, Wrapped(callId, cKey, aKey));
        var announcedAfterLeaving = await c.Hub.InvokeAsync<Reply>("AnnounceIdentity", callId, cKey);
        heard.Clear();
        await Join(a, c, callId, heard, "C");
        await Announced(heard, ("C", 2));
        var toOldKey = await Send(a, callId, c, Wrapped(callId, aKey, cKey));
        var cKeyNow = await Announce(c, callId);
        var toNewKey = await Send(a, callId, c, Wrapped(callId, aKey, cKeyNow));

        toLeaver.Error.Should().Be("They are not in this call.");
        fromLeaver.Error.Should().Be("You are not in this call.");
        announcedAfterLeaving.Error.Should().Be("You are not in this call.");
        Announcements(heard, "C").Should().BeEquivalentTo([Announcement(callId, a, aKey), Announcement(callId, b, bKey)]);
        toOldKey.Error.Should().Be(Unannounced, "whoever comes back announces a key again");
        toNewKey.Ok.Should().BeTrue(toNewKey.Error);
    }

    [Fact]
    public async Task Someone_outside_the_call_with_its_id_can_neither_announce_a_key_nor_send_one()
    {
        await using var call = await Three("Outsider");
        var (a, b, c, callId, heard) = call;
        await using var outsider = await HubUser.SignIn(fixture.Server, "Out Keys");
        var aKey = await Announce(a, callId);
        await Announced(heard, ("B", 1), ("C", 1));
        heard.Clear();
        var outsiderKey = NewKey();

        var announced = await outsider.Hub.InvokeAsync<Reply>("AnnounceIdentity", callId, outsiderKey);
        var sent = await Send(outsider, callId, a, Wrapped(callId, outsiderKey, aKey));
        var otherCall = await a.Hub.InvokeAsync<Reply>("AnnounceIdentity", Guid.NewGuid(), NewKey());
        await Task.Delay(300);

        announced.Error.Should().Be("You are not in this call.");
        sent.Error.Should().Be("You are not in this call.");
        otherCall.Error.Should().Be("This call has ended.");
        heard.All.Where(h => KeyEvents.Contains(h.Method)).Should().BeEmpty();
    }
}
