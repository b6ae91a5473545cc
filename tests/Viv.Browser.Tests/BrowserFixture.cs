using Viv.Testing;

[assembly: AssemblyFixture(typeof(Viv.Browser.Tests.BrowserFixture))]
[assembly: TestCollectionOrderer(typeof(Viv.Testing.LongClassesFirst))]

namespace Viv.Browser.Tests;

/// <summary>
/// One Viv process and one Debian Chromium for the whole tier. Each test opens its own browser
/// contexts (separate cookie jars: separate people), so tests run side by side safely.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private readonly Lock _launching = new();
    private Task<IBrowser>? _fullBrowser;
    private readonly Dictionary<FakeMicrophone, Task<IBrowser>> _speakingBrowsers = [];

    public VivServer Server { get; private set; } = null!;

    /// <summary>The push service (a real RFC 8030 one) that the server may send to: where the tier's devices are rung when Viv is closed.</summary>
    public PushService Push { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Push = PushService.Start();
        // A call rings for two minutes here, not the product's 20 s: on a loaded machine (load 15 on 2 cores in CI)
        // the steps between a ring and its answer, an accessibility check of both pages for one, took longer than
        // 20 s, and the ring ended under the test. Ringing out is tested on RingTimeoutTests' own server.
        Server = await VivServer.Start(new Dictionary<string, string>
        {
            ["Viv:Push:Services:0"] = Push.Origin.ToString(),
            ["Viv:Calls:RingTimeoutSeconds"] = "120",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.Launch(_playwright);
    }

    /// <summary>
    /// A new person who stays silent (<see cref="FakeMicrophone.Silence"/>). They have noise suppression off, as someone who
    /// switched it off in Settings: a silent room has no noise worth taking out, and a call page spends about 4.7%
    /// of a core more suppressing (two pages in a voice call: 41% of a core against 32%, two runs each). Only the people who speak
    /// (<see cref="NewSpeakingPerson"/>) keep Viv's default, as the tests of suppression and of who speaks need.
    /// </summary>
    public Task<Person> NewPerson(ViewportSize? viewport = null, bool contentSecurityPolicy = true, bool serviceWorker = false) =>
        Chromium.NewPerson(Browser, Server.BaseAddress, viewport, contentSecurityPolicy, serviceWorker, noiseSuppression: false);

    /// <inheritdoc cref="NewPerson(ViewportSize?, bool, bool)"/>
    public Task<Person> NewPerson(VivServer server, ViewportSize? viewport = null, bool contentSecurityPolicy = true) =>
        Chromium.NewPerson(Browser, server.BaseAddress, viewport, contentSecurityPolicy, noiseSuppression: false);

    /// <summary>A person in the full Chromium, started on first use: for what the headless shell lacks (see <see cref="Chromium"/>).</summary>
    public async Task<Person> NewPersonInTheFullBrowser()
    {
        lock (_launching)
        {
            _fullBrowser ??= Chromium.Launch(_playwright, full: true);
        }
        return await Chromium.NewPerson(await _fullBrowser, Server.BaseAddress, serviceWorker: true, noiseSuppression: false);
    }

    /// <summary>
    /// A person whose microphone speaks (<see cref="FakeMicrophone.Speech"/> unless another recording is
    /// given), in a headless shell of its own per recording, started on first use: everyone in the
    /// tier's browser stays silent. Besides the speaker's page,
    /// which costs what it would in the tier's browser (23 CPU-s in ForwardedCallTests), that
    /// browser's own processes took 21 CPU-s more in a run of ForwardedCallTests on a quiet machine
    /// (browser 3, GPU 7, audio 7, network 3; 27 on a busy one; measured per process from /proc),
    /// and 0.02 CPU-s a minute idle after it, so it stays up for the tier.
    /// </summary>
    public async Task<Person> NewSpeakingPerson(VivServer server, FakeMicrophone? microphone = null)
    {
        microphone ??= FakeMicrophone.Speech;
        Task<IBrowser> browser;
        lock (_launching)
        {
            if (!_speakingBrowsers.TryGetValue(microphone, out browser!))
            {
                _speakingBrowsers[microphone] = browser = Chromium.Launch(_playwright, microphone: microphone);
            }
        }
        return await Chromium.NewPerson(await browser, server.BaseAddress);
    }

    /// <summary>Two people who are contacts of each other, each signed in to their own browser (<see cref="Person.Acquainted"/>).</summary>
    public async Task<Contacts> NewContacts()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (aName, bName) = ($"Alice {tag}", $"Bob {tag}");
        var people = await Person.Acquainted(Server.BaseAddress, () => NewPerson(), [aName, bName]);
        return new Contacts(people[0], people[1], aName, bName, tag);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Task<IBrowser>?[] launched = [.. _speakingBrowsers.Values, _fullBrowser];
        foreach (var started in launched)
        {
            if (started is not null)
            {
                await (await started).DisposeAsync();
            }
        }
        _playwright.Dispose();
        await Server.DisposeAsync();
        await Push.DisposeAsync();
    }
}

public sealed record Contacts(Person Alice, Person Bob, string AliceName, string BobName, string Tag) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
    }
}
