using Viv.Testing;

namespace Viv.Browser.Tests;

/// <summary>Its own server, ringing for 3 s instead of 20, so the test does not wait out the real timeout.</summary>
public sealed class RingTimeoutTests(BrowserFixture fixture) : IAsyncLifetime
{
    private VivServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await VivServer.Start(new Dictionary<string, string> { ["Viv:Calls:RingTimeoutSeconds"] = "3" });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_unanswered_call_ends_as_no_answer_for_the_caller_who_is_offered_a_message_and_missed_for_the_callee()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var alice = await fixture.NewPerson(_server);
        await using var bob = await fixture.NewPerson(_server);
        await alice.Register($"Alice {tag}");
        await bob.Register($"Bob {tag}");
        await Person.BecomeContacts(alice, $"Alice {tag}", bob, $"Bob {tag}");
        await alice.Page.GotoAsync("/");

        await alice.Call($"Bob {tag}");
        await Expect(bob.IncomingCall).ToBeVisibleAsync();

        await Expect(bob.IncomingCall).ToBeHiddenAsync();
        await Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No answer." })).ToHaveCountAsync(1);
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Missed call." })).ToHaveCountAsync(1);
        await Expect(bob.Page.GetByRole(AriaRole.Link, new() { Name = "Calls 1" })).ToBeVisibleAsync();
        // The offer comes from another grain than the call's end, in either order: the dialog shows once the call screen is gone.
        var offer = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "No answer" });
        await Expect(offer.GetByRole(AriaRole.Button, new() { Name = "Leave a video message" })).ToBeVisibleAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(offer).ToBeHiddenAsync();
    }
}
