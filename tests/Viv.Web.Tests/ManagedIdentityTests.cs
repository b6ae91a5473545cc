using System.Net;

namespace Viv.Web.Tests;

/// <summary>
/// A cluster that reaches its account with a managed identity: <c>Viv:AzureStorage</c> holds the
/// account's endpoints and no secret, so every request must carry a token from DefaultAzureCredential.
/// The tokens come from App Service's managed identity protocol (<see cref="AppServiceIdentity"/>),
/// the account is Azurite over HTTPS taking tokens, and the silo and web node are real processes
/// that trust Azurite's certificate as they would a public one (<c>SSL_CERT_FILE</c>).
/// </summary>
[RunsLong]
public sealed class ManagedIdentityTests(ManagedIdentityTests.Account account) : IClassFixture<ManagedIdentityTests.Account>
{
    private const string ClusterId = "viv-identity";

    /// <summary>One Azurite taking tokens for the class: each test brings its own identity and nodes.</summary>
    public sealed class Account : IAsyncLifetime
    {
        public Azurite Azurite { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Azurite = await Azurite.StartForTokens();

        public ValueTask DisposeAsync() => Azurite.DisposeAsync();
    }

    [Fact]
    public async Task A_cluster_on_a_managed_identity_signs_people_up_and_in_and_keeps_its_cookie_keys_with_tokens_alone()
    {
        var azurite = account.Azurite;
        using var identity = new AppServiceIdentity();
        var settings = Settings(azurite, identity);
        await using var silo = await VivServer.StartSilo(settings);
        await using var web = await VivServer.Start(settings);
        await Ready(web);
        var username = VivSession.NewUsername("identity");
        using var ada = new VivSession(web.BaseAddress);

        (await ada.Register(username, "Ada Identity")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await ada.Http.GetStringAsync("/")).Should().Contain("Hello, Ada Identity");

        // A new web node process knows the cookie only by the key ring it reads back from the blob container.
        await web.Restart();
        await Ready(web);
        using var adaAfter = new VivSession(web.BaseAddress);
        adaAfter.Cookies.Add(ada.Cookies.GetAllCookies());
        (await adaAfter.Http.GetStringAsync("/")).Should().Contain("Hello, Ada Identity", "the cookie key ring came back from the blob container");
        using var adaElsewhere = new VivSession(web.BaseAddress);
        (await adaElsewhere.LogIn(username)).Headers.Location.Should().Be(new Uri("/", UriKind.Relative));

        identity.Refused.Should().Be(0);
        identity.Resources.Should().NotBeEmpty().And.OnlyContain(resource => resource == "https://storage.azure.com");
    }

    [Fact]
    public async Task A_token_for_another_service_stops_the_nodes_at_start_with_one_line_naming_the_account()
    {
        var azurite = account.Azurite;
        using var identity = new AppServiceIdentity(audience: "https://vault.azure.net");
        var settings = Settings(azurite, identity);
        var tables = azurite.TokenEndpoints.Split(';')[0]["TableEndpoint=".Length..];

        foreach (var start in new Func<Task<VivServer>>[] { () => VivServer.StartSilo(settings), () => VivServer.Start(settings) })
        {
            var refused = (await start.Should().ThrowAsync<VivDidNotStart>()).Which;

            refused.ExitCode.Should().Be(3);
            refused.Output.Trim().Should().StartWith($"Viv cannot reach Azure Storage at '{tables}' (Viv:AzureStorage): it answered 40").And.NotContain("\n");
        }
        identity.Resources.Should().NotBeEmpty();
    }

    private static Dictionary<string, string> Settings(Azurite azurite, AppServiceIdentity identity) => new(identity.Environment)
    {
        ["Viv:AzureStorage"] = azurite.TokenEndpoints,
        ["Viv:ClusterId"] = ClusterId,
        ["SSL_CERT_FILE"] = azurite.CertificateFile,
    };

    /// <summary>A web node answers pages once it has found a silo: until then /readyz says 503.</summary>
    private static async Task Ready(VivServer web)
    {
        using var http = new HttpClient { BaseAddress = web.BaseAddress };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await http.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
        {
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "a web node finds a live silo within a minute");
            await Task.Delay(200);
        }
    }
}
