namespace Viv.Browser.Tests;

/// <summary>
/// Calls forced through a real coturn on loopback (relay-only ICE, as if every direct path were
/// closed), with its own Viv server configured for it.
/// </summary>
public sealed class RelayTests(BrowserFixture fixture) : IAsyncLifetime
{
    private TurnServer _turn = null!;
    private VivServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _turn = await TurnServer.Start();
        _server = await VivServer.Start(new Dictionary<string, string>(_turn.Settings) { ["Viv:Ice:TransportPolicy"] = "relay" });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _turn.DisposeAsync();
    }

    /// <summary>The type of the local candidate of every connected peer's selected pair, as Chromium's getStats reports it.</summary>
    private static Task<string[]> SelectedLocalCandidateTypes(Person person) =>
        person.Page.EvaluateAsync<string[]>("""
            async () => {
              const types = [];
              for (const pc of window.__peers.filter(pc => pc.connectionState === 'connected')) {
                const stats = await pc.getStats();
                stats.forEach(r => {
                  if (r.type === 'transport' && r.selectedCandidatePairId) types.push(stats.get(stats.get(r.selectedCandidatePairId).localCandidateId).candidateType);
                });
              }
              return types;
            }
            """);

    private static Task<string> LocalIceUsername(Person person) =>
        person.Page.EvaluateAsync<string>("() => window.__peers.find(pc => pc.connectionState !== 'closed').localDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1]");

    [Fact]
    public async Task A_relay_only_call_connects_through_turn_shows_it_and_recovers_by_ice_restart_when_the_relay_restarts()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var alice = await fixture.NewPerson(_server);
        await using var bob = await fixture.NewPerson(_server);
        var traffic = new[] { new HubTraffic(alice.Page), new HubTraffic(bob.Page) };
        var (aliceName, bobName) = ($"Alice {tag}", $"Bob {tag}");
        await alice.Register(aliceName);
        await bob.Register(bobName);
        await Person.BecomeContacts(alice, aliceName, bob, bobName);

        await alice.Call(bobName);
        await bob.AcceptCall();
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);

        (await SelectedLocalCandidateTypes(alice)).Should().Equal("relay");
        (await SelectedLocalCandidateTypes(bob)).Should().Equal("relay");
        await Expect(alice.CallView.Locator("figure").Filter(new() { HasText = bobName })).ToContainTextAsync("Relayed");
        await Expect(bob.CallView.Locator("figure").Filter(new() { HasText = aliceName })).ToContainTextAsync("Relayed");

        // The relay goes away and comes back empty (every allocation lost): ICE restarts with new credentials.
        var before = await LocalIceUsername(alice);
        int ConfigurationsFetched() => traffic.Sum(t => t.Count("\"target\":\"IceConfiguration\""));
        var fetchedBefore = ConfigurationsFetched();
        await _turn.Kill();
        await _turn.Restart();
        await alice.Page.WaitForFunctionAsync("u => window.__peers.some(pc => pc.connectionState === 'connected' && !pc.localDescription.sdp.includes('a=ice-ufrag:' + u))", before, new() { Timeout = 60_000 });
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);
        (await SelectedLocalCandidateTypes(alice)).Should().Equal("relay");
        // Either end may restart first (perfect negotiation); the one that does fetches fresh credentials.
        ConfigurationsFetched().Should().BeGreaterThan(fetchedBefore, "the restart asked for fresh TURN credentials");
    }

    /// <summary>
    /// The relay restarts while what one page says through Viv is lost (as when a network change also
    /// breaks its connection to Viv): both pages offer an ICE restart, and neither offer arrives. Each
    /// offers again while its connection stays down, so once messages pass again the call comes back.
    /// </summary>
    [Fact]
    public async Task A_relay_restart_whose_offers_are_lost_on_the_way_recovers_once_they_pass_again()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await using var alice = await fixture.NewPerson(_server);
        await using var bob = await fixture.NewPerson(_server);
        var (aliceName, bobName) = ($"Alice {tag}", $"Bob {tag}");
        await alice.Register(aliceName);
        await bob.Register(bobName);
        await Person.BecomeContacts(alice, aliceName, bob, bobName);
        var hub = await HubRelay.InACall(alice, aliceName, bob, bobName);
        var before = await LocalIceUsername(alice);

        hub.Dropping = new HashSet<string> { "Signal", "signal" };
        await _turn.Kill();
        await _turn.Restart();
        const string offering = "() => window.__peers.some(pc => pc.connectionState !== 'closed' && pc.signalingState === 'have-local-offer')";
        await alice.Page.WaitForFunctionAsync(offering, null, new() { Timeout = 30_000 });
        await bob.Page.WaitForFunctionAsync(offering, null, new() { Timeout = 30_000 });
        hub.Dropping = new HashSet<string>();

        await alice.Page.WaitForFunctionAsync("u => window.__peers.some(pc => pc.connectionState === 'connected' && !pc.localDescription.sdp.includes('a=ice-ufrag:' + u))", before, new() { Timeout = 60_000 });
        await alice.SeesVideoOf(bobName);
        await bob.SeesVideoOf(aliceName);
    }
}
