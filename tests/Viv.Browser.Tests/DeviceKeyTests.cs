namespace Viv.Browser.Tests;

/// <summary>
/// Every call announces each device's identity key, direct or through the media server, and a page
/// remembers its contacts' keys: one that changed since the last call is named on the call screen.
/// A direct call is enough, so this runs beside the tier's other classes.
/// </summary>
public sealed class DeviceKeyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_contact_whose_device_key_changed_is_named_on_the_next_call_and_only_then()
    {
        var people = await CallParty.HostAndFriends(fixture.Server.BaseAddress, () => fixture.NewPerson(), 2);
        try
        {
            var ((host, _), (friend, friendName)) = (people[0], people[1]);
            var changed = host.CallView.GetByRole(AriaRole.Alert).GetByText("Safety code changed");
            async Task CallAndHangUp(bool named)
            {
                await host.Call(friendName);
                await friend.AcceptCall();
                await host.SeesVideoOf(friendName);
                await friend.SeesVideoOf(people[0].Name);
                if (named)
                {
                    await Expect(changed).ToContainTextAsync(friendName);
                }
                else
                {
                    // The friend's key reached the host by the time their video plays (it is announced as the call connects).
                    await Expect(changed).ToHaveCountAsync(0);
                }
                await Expect(friend.CallView.GetByText("Safety code changed")).ToHaveCountAsync(0);
                await CallParty.HangUp(people);
            }

            await CallAndHangUp(named: false);
            // The friend's browser forgets its keys, as a new device or a reinstalled browser would have none.
            await friend.Page.ReloadAsync();
            await friend.Page.EvaluateAsync("""
                () => new Promise((done, fail) => {
                  const deleting = indexedDB.deleteDatabase(`viv-keys-${document.body.dataset.userId}`);
                  deleting.onsuccess = done;
                  deleting.onerror = fail;
                })
                """);
            await Person.Connected(friend.Page);
            await CallAndHangUp(named: true);
            await CallAndHangUp(named: false);
        }
        finally
        {
            foreach (var (person, _) in people)
            {
                await person.DisposeAsync();
            }
        }
    }
}
