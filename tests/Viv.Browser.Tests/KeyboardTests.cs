namespace Viv.Browser.Tests;

/// <summary>Calling with the keyboard alone: after the first page load, every action is a key press.</summary>
public sealed class KeyboardTests(BrowserFixture fixture)
{
    private static Task Press(Person person, string key) => person.Page.Keyboard.PressAsync(key);

    [Fact]
    public async Task A_call_is_placed_answered_and_hung_up_with_keys_and_Escape_closes_dialogs_without_side_effects_giving_focus_back()
    {
        await using var contacts = await fixture.NewContacts();
        var (alice, bob, aliceName, bobName, _) = contacts;
        foreach (var person in new[] { alice, bob })
        {
            await person.Page.GotoAsync("/");
            await Person.Connected(person.Page);
        }
        await Expect(alice.Contact(bobName)).ToContainTextAsync("Online");

        var videoCall = alice.Contact(bobName).GetByRole(AriaRole.Button, new() { Name = "Video call" });
        await alice.TabTo(videoCall);
        var confirm = alice.ConfirmCall(bobName);
        var calling = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Calling…" });

        // Escape on the confirmation: no call, and focus is back on the button that opened it.
        await Press(alice, "Enter");
        await Expect(confirm).ToBeVisibleAsync();
        await Press(alice, "Escape");
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(videoCall).ToBeFocusedAsync();
        await alice.ShowsFocus();
        await Expect(calling).ToBeHiddenAsync();
        await Expect(alice.Page.Locator("html[data-call=idle]")).ToHaveCountAsync(1);

        // Escape and Enter at once: the closed dialog's late "close" event must not close the new one.
        await Press(alice, "Enter");
        await Expect(confirm).ToBeVisibleAsync();
        await Press(alice, "Escape");
        await Press(alice, "Enter");
        await alice.Page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        await Expect(confirm).ToBeVisibleAsync();
        await alice.TabTo(confirm.GetByRole(AriaRole.Button, new() { Name = "Call", Exact = true }));
        await Press(alice, "Enter");
        await Expect(calling).ToBeVisibleAsync();

        // Ringing moves the callee's focus into the dialog, onto Accept, and the live region says who calls.
        await Expect(bob.IncomingCall).ToBeVisibleAsync();
        var accept = bob.IncomingCall.GetByRole(AriaRole.Button, new() { Name = "Accept" });
        await Expect(accept).ToBeFocusedAsync();
        await bob.ShowsFocus();
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{aliceName} @{alice.Username} is calling." })).ToHaveCountAsync(1);
        await Press(bob, "Enter");

        await alice.PeerConnected();
        await bob.PeerConnected();
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);

        // Add participant, then Escape: nobody is rung, and focus is back on the button.
        var hangUp = alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" });
        await Expect(hangUp).ToBeFocusedAsync();
        var add = alice.CallView.GetByRole(AriaRole.Button, new() { Name = "Add participant" });
        await alice.TabTo(add, backwards: true);
        await Press(alice, "Enter");
        var addDialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Add participant" });
        await Expect(addDialog).ToBeVisibleAsync();
        await Press(alice, "Escape");
        await Expect(addDialog).ToBeHiddenAsync();
        await Expect(add).ToBeFocusedAsync();
        await Expect(alice.CallView.GetByText("Ringing…")).ToHaveCountAsync(0);
        await Expect(alice.CallView.GetByRole(AriaRole.Status)).ToHaveTextAsync($"In a call with {bobName} @{bob.Username}");

        // The callee hangs up: the call screen put focus on Hang up, and Space presses it.
        await Expect(bob.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" })).ToBeFocusedAsync();
        await bob.ShowsFocus();
        await Press(bob, "Space");
        await Expect(bob.CallView).ToBeHiddenAsync();
        await Expect(alice.CallView).ToBeHiddenAsync();

        // One call in the history: the Escapes placed none.
        await alice.Page.GotoAsync("/Calls");
        await Expect(alice.Page.GetByRole(AriaRole.Table, new() { Name = "Call history" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
    }
}
