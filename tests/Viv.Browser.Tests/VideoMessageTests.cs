namespace Viv.Browser.Tests;

/// <summary>
/// Leaving a video message when nobody answers, with the real recorder (MediaRecorder on the fake
/// camera) and the real player (range requests); and the same from someone blocked, which looks the
/// same to them and reaches nobody.
/// </summary>
public sealed class VideoMessageTests(BrowserFixture fixture)
{
    private static ILocator Offer(Person caller) => caller.Page.GetByRole(AriaRole.Dialog, new() { Name = "No answer" });

    /// <summary>
    /// The caller calls someone whose Viv is closed, records for about <paramref name="seconds"/> seconds and sends.
    /// Returns how long Stop took to press once the page's clock showed that many seconds: a loaded machine
    /// records that much more (Stop pressed 9.7 s in, once, under the whole suite's load).
    /// </summary>
    private static async Task<TimeSpan> LeaveMessage(Person caller, string calleeName, int seconds)
    {
        await caller.Call(calleeName);
        var offer = Offer(caller);
        await Expect(offer).ToBeVisibleAsync();
        await Expect(offer).ToContainTextAsync("did not answer");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Leave a video message" }).ClickAsync();
        var stop = offer.GetByRole(AriaRole.Button, new() { Name = "Stop" });
        await Expect(stop).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(offer.GetByRole(AriaRole.Status)).ToContainTextAsync($"Recording 0:0{seconds}", new() { Timeout = (seconds + 5) * 1000 });
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await stop.ClickAsync();
        var late = stopping.Elapsed;
        await Expect(offer.GetByRole(AriaRole.Button, new() { Name = "Discard" })).ToBeVisibleAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(offer).ToBeHiddenAsync();
        await Expect(caller.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "was sent." })).ToHaveCountAsync(1);
        return late;
    }

    [Fact]
    public async Task A_message_left_when_nobody_answers_is_counted_played_with_its_duration_sought_and_deleted_and_one_from_a_blocked_caller_reaches_nobody()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, aliceName, bobName) = (contacts.Alice, contacts.Bob, contacts.AliceName, contacts.BobName);
        await bob.Page.GotoAsync("about:blank");
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Offline");

        var stoppedLate = await LeaveMessage(alice, bobName, seconds: 5);

        await bob.Page.GotoAsync(fixture.Server.BaseAddress.ToString());
        await Person.Connected(bob.Page);
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls 1" })).ToBeVisibleAsync();
        await bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls 1" }).ClickAsync();
        var messages = bob.Page.GetByRole(AriaRole.Region, new() { Name = "Video messages" });
        var message = messages.GetByRole(AriaRole.Listitem);
        await Expect(message).ToHaveCountAsync(1);
        await Expect(message).ToContainTextAsync(aliceName);
        await Expect(message).ToContainTextAsync("New");
        await message.GetByRole(AriaRole.Button, new() { Name = "Play" }).ClickAsync();

        // The player knows the length (written into the file) and plays it; seeking jumps ahead.
        var player = message.Locator("video");
        await player.EvaluateAsync("v => new Promise(resolve => v.readyState >= 1 ? resolve() : v.addEventListener('loadedmetadata', resolve, { once: true }))");
        var duration = await player.EvaluateAsync<double>("v => v.duration");
        duration.Should().BeInRange(4.0, 7.5 + stoppedLate.TotalSeconds, "about five seconds were recorded, and Stop came that late");
        await player.EvaluateAsync("v => new Promise(resolve => { const check = () => v.currentTime > 0.5 ? resolve() : setTimeout(check, 50); check(); })");
        await player.EvaluateAsync("v => { v.currentTime = v.duration - 1.5; }");
        await player.EvaluateAsync("v => new Promise(resolve => { const check = () => !v.seeking && v.currentTime >= v.duration - 1.6 ? resolve() : setTimeout(check, 50); check(); })");
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls", Exact = true })).ToBeVisibleAsync();

        bob.Page.Dialog += (_, confirm) => confirm.AcceptAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(message).ToHaveCountAsync(0);
        await Expect(messages).ToContainTextAsync("No messages.");

        // Bob blocks Alice and closes Viv: her call and her message go exactly as before, and nothing arrives.
        await bob.Page.GotoAsync("/Contacts");
        await bob.Contact(aliceName).GetByRole(AriaRole.Button, new() { Name = "Block" }).ClickAsync();
        await Expect(bob.Contact(aliceName).GetByRole(AriaRole.Button, new() { Name = "Unblock" })).ToBeVisibleAsync();
        await bob.Page.GotoAsync("about:blank");
        await LeaveMessage(alice, bobName, seconds: 2);
        await bob.Page.GotoAsync("/Calls");
        await Person.Connected(bob.Page);
        await Expect(messages).ToContainTextAsync("No messages.");
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls", Exact = true })).ToBeVisibleAsync();
    }
}
