using System.Net;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Viv.Push;
using Viv.Testing;

namespace Viv.Grains.Tests.Push;

/// <summary>
/// The server's VAPID keys and tokens, and the test suite's own push service (<see cref="PushService"/>)
/// checked against an independent Web Push encryption (Lib.Net.Http.WebPush): what one encrypts the
/// other decrypts, a token the keys sign is accepted, and one signed with another key is refused.
/// </summary>
public sealed class PushKeysTests(ClusterFixture fixture) : IAsyncLifetime
{
    private PushService _service = null!;

    public ValueTask InitializeAsync()
    {
        _service = PushService.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    /// <summary>Pushes through the library; the token says it is from <paramref name="keys"/> and is signed by <paramref name="signedBy"/> (the same unless forged).</summary>
    private static async Task Push(PushSubscriber to, VapidKeys keys, string text, VapidKeys? signedBy = null)
    {
        using var http = new HttpClient();
        var client = new PushServiceClient(http);
        var subscription = new PushSubscription { Endpoint = to.Endpoint.ToString() };
        subscription.SetKey(PushEncryptionKeyName.P256DH, to.P256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, to.Auth);
        var token = VapidToken.For(to.Endpoint, signedBy ?? keys, "mailto:operator@viv.example", DateTimeOffset.UtcNow);
        using var vapid = new VapidAuthentication(keys.PublicKey, keys.PrivateKey) { TokenCache = new Given(token) };
        await client.RequestPushMessageDeliveryAsync(subscription, new PushMessage(text) { TimeToLive = 30, Urgency = PushMessageUrgency.High, Topic = "call" }, vapid);
    }

    private sealed class Given(string token) : IVapidTokenCache
    {
        public string Get(string audience) => token;

        public void Put(string audience, DateTimeOffset expiration, string token)
        {
        }
    }

    [Fact]
    public async Task The_keys_are_made_once_kept_in_storage_and_the_same_after_the_grain_is_gone()
    {
        var grain = fixture.Client.GetGrain<IPushKeysGrain>(0);
        var first = await grain.GetKeys();

        await fixture.Cluster.DeactivateAsync(grain);
        var stored = new GrainState<PushKeysState>();
        await fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress)
            .GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).ReadStateAsync("vapid", grain.GetGrainId(), stored);

        (await grain.GetKeys()).Should().Be(first);
        (await grain.GetPublicKey()).Should().Be(first.PublicKey);
        stored.State!.Keys.Should().Be(first);
        System.Buffers.Text.Base64Url.DecodeFromChars(first.PublicKey).Should().HaveCount(65).And.StartWith([4]);
        System.Buffers.Text.Base64Url.DecodeFromChars(first.PrivateKey).Should().HaveCount(32);
    }

    [Fact]
    public async Task A_push_signed_with_the_keys_and_encrypted_for_the_subscription_is_accepted_and_reads_as_sent()
    {
        var keys = await fixture.Client.GetGrain<IPushKeysGrain>(0).GetKeys();
        var device = _service.Subscribe();

        await Push(device, keys, "Ada Lovelace is calling");

        _service.Refused.Should().BeEmpty();
        _service.Received.Should().ContainSingle().Which.Should().Match<ReceivedPush>(p =>
            p.Endpoint == device.Endpoint && p.Text == "Ada Lovelace is calling" && p.Ttl == 30 && p.Urgency == "high" && p.Topic == "call"
            && p.Subject == "mailto:operator@viv.example");
    }

    [Fact]
    public async Task A_token_signed_by_another_key_than_it_names_or_a_body_for_another_subscription_is_refused()
    {
        var keys = await fixture.Client.GetGrain<IPushKeysGrain>(0).GetKeys();
        var stranger = await fixture.Client.GetGrain<IPushKeysGrain>(1).GetKeys();
        var device = _service.Subscribe();

        var forged = () => Push(device, keys, "forged", signedBy: stranger);
        var misaddressed = () => Push(new PushSubscriber(device.Endpoint), keys, "for someone else");

        (await forged.Should().ThrowAsync<PushServiceClientException>()).Which.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await misaddressed.Should().ThrowAsync<PushServiceClientException>()).Which.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _service.Received.Should().BeEmpty();
        _service.Refused.Should().SatisfyRespectively(
            first => first.Should().Contain("signature"),
            second => second.Should().Contain("does not decrypt"));
    }
}
