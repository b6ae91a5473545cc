namespace Viv.Browser.Tests;

/// <summary>
/// Calls past the mesh limit (2 here, so that a third browser crosses it) through a real Janus on
/// loopback, with its own Viv server configured for it: the move to the media server, everyone's
/// video from there, who is speaking, chat and the screen, people leaving one by one, and a media
/// server dying mid-call. Two Janus instances: rooms go to the first while both are empty. The one
/// who speaks has a browser of their own (<see cref="BrowserFixture.NewSpeakingPerson"/>).
/// </summary>
[RunsLong]
public sealed class ForwardedCallTests(BrowserFixture fixture) : IAsyncLifetime
{
    private JanusServer _first = null!;
    private JanusServer _second = null!;
    private VivServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        (_first, _second) = (await JanusServer.Start("janus-a"), await JanusServer.Start("janus-b"));
        _server = await VivServer.Start(new Dictionary<string, string>(_first.Settings(0).Concat(_second.Settings(1)).ToDictionary()) { ["Viv:Calls:MeshLimit"] = "2" });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    /// <summary>
    /// The host (first) and everyone else, registered in their own browsers; the host is a contact of
    /// each. The one at <paramref name="speaker"/>, if any, speaks into the microphone; everyone else is silent.
    /// </summary>
    private async Task<(Person Person, string Name)[]> HostAndFriends(int count, int? speaker = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var people = new (Person Person, string Name)[count];
        for (var i = 0; i < count; i++)
        {
            people[i] = (i == speaker ? await fixture.NewSpeakingPerson(_server) : await fixture.NewPerson(_server), $"{(char)('A' + i)}{tag} Friend");
            await people[i].Person.Register(people[i].Name);
            if (i > 0)
            {
                await Person.BecomeContacts(people[0].Person, people[0].Name, people[i].Person, people[i].Name);
            }
        }
        return people;
    }

    private static async Task EveryoneSeesEveryoneForwarded(IEnumerable<(Person Person, string Name)> people, string? notFrom = null)
    {
        var list = people.ToList();
        foreach (var (person, name) in list)
        {
            foreach (var (_, other) in list.Where(o => o.Name != name))
            {
                await person.SeesForwardedVideoOf(other, notFrom);
            }
        }
    }

    [Fact]
    public async Task A_call_grows_from_two_to_five_moves_to_the_media_server_where_everyone_sees_everyone_and_who_speaks_chats_and_shares_then_they_leave_one_by_one()
    {
        var people = await HostAndFriends(5, speaker: 1);
        try
        {
            var (host, hostName) = people[0];
            await host.Call(people[1].Name);
            await people[1].Person.AcceptCall();
            await host.SeesVideoOf(people[1].Name);
            await people[1].Person.SeesVideoOf(hostName);

            for (var i = 2; i < people.Length; i++)
            {
                await host.AddToCall(people[i].Name);
                await people[i].Person.AcceptCall();
                await EveryoneSeesEveryoneForwarded(people.Take(i + 1));
            }

            // The first friend has talked since they answered; the media server hears it now and every
            // other page marks their tile, including those of people who came in after it began. By then
            // everyone else has sent their fake microphone's beeps through it for seconds, and nobody
            // else is marked. Once the speaker mutes, the mark goes away everywhere.
            var (speaker, speakerName) = people[1];
            var listeners = people.Where(p => p.Name != speakerName).ToList();
            foreach (var (person, _) in listeners)
            {
                await Expect(person.Tile(speakerName)).ToHaveAccessibleDescriptionAsync("speaking");
            }
            foreach (var (person, name) in people)
            {
                foreach (var (_, silent) in listeners.Where(l => l.Name != name))
                {
                    await Expect(person.Tile(silent)).Not.ToHaveAccessibleDescriptionAsync("speaking");
                }
            }
            await speaker.CallView.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
            foreach (var (person, _) in listeners)
            {
                await Expect(person.Tile(speakerName)).Not.ToHaveAccessibleDescriptionAsync("speaking");
            }

            // Chat still goes from browser to browser, over connections that no longer carry media.
            var (last, lastName) = people[^1];
            await host.OpenChat();
            await last.OpenChat();
            await last.ChatConnected(people.Length - 1);
            var words = $"Hello through the mesh {Guid.NewGuid():N}";
            await last.Say(words);
            await Expect(host.Messages.GetByRole(AriaRole.Listitem).Filter(new() { HasText = words })).ToContainTextAsync(lastName);

            // The third shares the screen: everyone else sees it, from the media server, then the camera again.
            var (sharer, sharerName) = people[2];
            await sharer.CallView.GetByRole(AriaRole.Button, new() { Name = "Share screen" }).ClickAsync();
            foreach (var (person, _) in people.Where(p => p.Name != sharerName))
            {
                await person.ShowsCamera(sharerName, camera: false);
                await person.SeesForwardedVideoOf(sharerName);
            }
            await sharer.CallView.GetByRole(AriaRole.Button, new() { Name = "Stop sharing" }).ClickAsync();
            foreach (var (person, _) in people.Where(p => p.Name != sharerName))
            {
                await person.ShowsCamera(sharerName, camera: true);
            }

            // They leave one by one from the last; the first two go on, still through the media server.
            for (var leaving = people.Length - 1; leaving >= 2; leaving--)
            {
                var (gone, goneName) = people[leaving];
                await gone.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
                await Expect(gone.CallView).ToBeHiddenAsync();
                foreach (var (person, _) in people.Take(leaving))
                {
                    await Expect(person.Page.Locator(Person.VideoOf(goneName))).ToHaveCountAsync(0);
                }
                await EveryoneSeesEveryoneForwarded(people.Take(leaving));
            }
        }
        finally
        {
            foreach (var (person, _) in people)
            {
                await person.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task When_the_media_server_of_a_call_dies_the_call_moves_to_another_and_everyone_sees_everyone_again_and_nobody_stays_marked_speaking()
    {
        var people = await HostAndFriends(3, speaker: 1);
        try
        {
            var (host, _) = people[0];
            var (speaker, speakerName) = people[1];
            var listeners = people.Where(p => p.Name != speakerName).ToList();
            await host.Call(speakerName);
            await speaker.AcceptCall();
            await host.AddToCall(people[2].Name);
            await people[2].Person.AcceptCall();
            await EveryoneSeesEveryoneForwarded(people);
            foreach (var (person, _) in listeners)
            {
                await Expect(person.Tile(speakerName)).ToHaveAccessibleDescriptionAsync("speaking");
            }

            // The speaker falls silent while their media server is gone: the dead one cannot say so.
            var dead = await host.MediaServerCertificate();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await _first.Kill();
            await speaker.CallView.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
            await EveryoneSeesEveryoneForwarded(people, notFrom: dead);
            TestContext.Current.SendDiagnosticMessage($"Every video played again {clock.ElapsedMilliseconds} ms after its media server was killed");
            foreach (var (person, _) in people)
            {
                await Expect(person.CallView).ToBeVisibleAsync();
            }
            foreach (var (person, _) in listeners)
            {
                await Expect(person.Tile(speakerName)).Not.ToHaveAccessibleDescriptionAsync("speaking");
            }
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
