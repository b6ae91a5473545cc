namespace Viv.Browser.Tests;

/// <summary>
/// Calls past the mesh limit (2 here, so that a third browser crosses it) through a real Janus on
/// loopback, with its own Viv server configured for it: the move to the media server, everyone's
/// video from there in the size that fits its tile, the video limit (3 here, so that a fifth browser
/// crosses it), who is speaking, chat and the screen, people leaving one by one, and a media server
/// dying mid-call. Two Janus instances: rooms go to the first while both are empty. The one who
/// speaks has a browser of their own (<see cref="BrowserFixture.NewSpeakingPerson"/>).
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class ForwardedCallTests(BrowserFixture fixture) : IAsyncLifetime
{
    private JanusServer _first = null!;
    private JanusServer _second = null!;
    private VivServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        (_first, _second) = (await JanusServer.Start("janus-a"), await JanusServer.Start("janus-b"));
        _server = await VivServer.Start(new Dictionary<string, string>(_first.Settings(0).Concat(_second.Settings(1)).ToDictionary()) { ["Viv:Calls:MeshLimit"] = "2", ["Viv:Calls:VideoLimit"] = "3" });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    /// <summary>
    /// The host (first) and everyone else, in their own browsers; the one at <paramref name="speaker"/>,
    /// if any, speaks into the microphone; everyone else is silent.
    /// </summary>
    private Task<(Person Person, string Name)[]> HostAndFriends(int count, int? speaker = null)
    {
        var opened = 0;
        return CallParty.HostAndFriends(_server.BaseAddress, () => opened++ == speaker ? fixture.NewSpeakingPerson(_server) : fixture.NewPerson(_server), count);
    }

    private static Task EveryoneSeesEveryoneForwarded(IEnumerable<(Person Person, string Name)> people, string? notFrom = null) =>
        CallParty.EveryoneSeesEveryoneForwarded(people, notFrom);

    /// <summary>The host calls the second and adds the third: past the mesh limit, everyone sees everyone through the media server.</summary>
    private static async Task CallOfThree((Person Person, string Name)[] people)
    {
        var (host, _) = people[0];
        await host.Call(people[1].Name);
        await people[1].Person.AcceptCall();
        await host.AddToCall(people[2].Name);
        await people[2].Person.AcceptCall();
        await EveryoneSeesEveryoneForwarded(people.Take(3));
    }

    private static async Task EveryoneSeesEveryoneDirectly(IEnumerable<(Person Person, string Name)> people)
    {
        var list = people.ToList();
        foreach (var (person, name) in list)
        {
            foreach (var (_, other) in list.Where(o => o.Name != name))
            {
                await person.SeesDirectVideoOf(other);
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

            for (var i = 2; i < people.Length - 1; i++)
            {
                await host.AddToCall(people[i].Name);
                await people[i].Person.AcceptCall();
                await EveryoneSeesEveryoneForwarded(people.Take(i + 1));
            }

            // The fifth person is one more than the video limit: everyone receives the video of the three
            // who spoke last or, after them, came first (the speaker is among them), and the others' pictures show.
            // The newcomer first receives everyone, then publishes (Forwarding.Admit), so their page goes first.
            await host.AddToCall(people[^1].Name);
            await people[^1].Person.AcceptCall();
            foreach (var (person, name) in people.Reverse())
            {
                var others = people.Where(p => p.Name != name).Select(p => p.Name).ToList();
                foreach (var shown in others.Take(3))
                {
                    await person.SeesForwardedVideoOf(shown);
                    await person.ShowsPictureOf(shown, picture: false);
                }
                await person.ShowsPictureOf(others[^1], picture: true);
            }

            // Each page receives the size of everyone's camera that fits their tile: the middle one in a
            // grid of five on a desktop screen, the smallest on a phone.
            foreach (var (person, name) in people.Skip(1).SkipLast(1))
            {
                await host.ReceivesVideoOf(name, FakeCamera.Width / 2, from: person);
            }
            await host.Page.SetViewportSizeAsync(390, 844);
            foreach (var (person, name) in people.Skip(1).SkipLast(1))
            {
                await host.ReceivesVideoOf(name, FakeCamera.Width / 4, from: person);
            }
            await host.Page.SetViewportSizeAsync(1280, 720);

            // The first friend has talked since they answered; the media server hears it now and every
            // other page marks their tile, including those of people who came in after it began. By then
            // everyone else has sent their silent rooms' sound through it for seconds, and nobody
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
            await host.HearsInChat(words, lastName, sender: last);

            // The fifth, whose picture shows past the video limit, shares the screen: everyone else
            // receives it from the media server, ahead of the speaker (pushing someone else's video out
            // meanwhile); once they stop, their picture shows again and the three others' videos.
            var (sharer, sharerName) = people[^1];
            var watchers = people.Where(p => p.Name != sharerName).ToList();
            await sharer.CallView.GetByRole(AriaRole.Button, new() { Name = "Share screen" }).ClickAsync();
            foreach (var (person, _) in watchers)
            {
                await person.ShowsPictureOf(sharerName, picture: false);
                await person.ShowsCamera(sharerName, camera: false);
                await person.SeesForwardedVideoOf(sharerName);
            }
            await sharer.CallView.GetByRole(AriaRole.Button, new() { Name = "Stop sharing" }).ClickAsync();
            foreach (var (person, name) in watchers)
            {
                await person.ShowsPictureOf(sharerName, picture: true);
                foreach (var (_, shown) in watchers.Where(w => w.Name != name))
                {
                    await person.ShowsPictureOf(shown, picture: false);
                }
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
            // With one other person on the screen, their tile is large enough for their full camera.
            await host.ReceivesVideoOf(people[1].Name, FakeCamera.Width);
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

    [Fact]
    public async Task When_every_media_server_of_a_call_dies_it_goes_back_to_direct_connections_then_to_a_media_server_again_as_it_grows()
    {
        var people = await HostAndFriends(4);
        var (host, _) = people[0];
        var inCall = people.Take(3).ToList();
        try
        {
            await CallOfThree(people);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await _first.Kill();
            await _second.Kill();
            await EveryoneSeesEveryoneDirectly(inCall);
            TestContext.Current.SendDiagnosticMessage($"Every video played directly again {clock.ElapsedMilliseconds} ms after both media servers were killed");

            // Chat goes on over the same direct connections, which carried it all along.
            var (third, thirdName) = people[2];
            await host.OpenChat();
            await third.OpenChat();
            await third.ChatConnected(2);
            var words = $"Hello without a media server {Guid.NewGuid():N}";
            await third.Say(words);
            await host.HearsInChat(words, thirdName, sender: third);

            // A media server is back: the call moves there as it grows past the mesh limit again.
            var up = _server.PrintsNext($"Janus {_first.Name} at {_first.Url} is up");
            await _first.Restart();
            await up.WaitAsync(TimeSpan.FromSeconds(30));
            await host.AddToCall(people[3].Name);
            await people[3].Person.AcceptCall();
            await EveryoneSeesEveryoneForwarded(people);
        }
        finally
        {
            foreach (var (person, _) in people)
            {
                await person.DisposeAsync();
            }
            await _first.Restart();
            await _second.Restart();
        }
    }

    [Fact]
    public async Task When_a_tabs_connection_with_the_media_server_goes_down_it_publishes_again_and_everyone_sees_it_again()
    {
        var people = await HostAndFriends(3);
        try
        {
            await CallOfThree(people);
            var (cut, cutName) = people[1];
            var others = people.Where(p => p.Name != cutName).ToList();
            var before = new List<string>();
            foreach (var (person, _) in others)
            {
                before.Add(await person.VideoStreamOf(cutName));
            }

            await cut.CutPublishingConnection();

            // Everyone else stops receiving the dead feed, then receives the one the tab publishes again.
            for (var i = 0; i < others.Count; i++)
            {
                await others[i].Person.VideoStreamOf(cutName, other: before[i]);
                await others[i].Person.SeesForwardedVideoOf(cutName);
            }
            await EveryoneSeesEveryoneForwarded(people);
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
