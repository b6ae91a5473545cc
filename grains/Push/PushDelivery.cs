using System.Net;
using Lib.Net.Http.WebPush;
using Microsoft.Extensions.Options;

namespace Viv.Push;

/// <summary>
/// Sends one push to one device over HTTP (RFC 8030), encrypted for it (RFC 8291) and signed with the
/// server's VAPID key (RFC 8292), and says what the push service answered. It tries once: retrying is
/// the devices grain's, which knows how long the push is still worth delivering.
/// </summary>
public sealed class PushDelivery(IOptions<PushOptions> options) : IDisposable
{
    /// <summary>A push service that takes longer than this is treated as a 5xx: tried again later.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout };

    public async Task<PushOutcome> Send(PushDevice device, PushNotice notice, VapidKeys keys)
    {
        var subscription = new PushSubscription { Endpoint = device.Endpoint };
        subscription.SetKey(PushEncryptionKeyName.P256DH, device.P256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, device.Auth);
        var message = new PushMessage(notice.Payload)
        {
            TimeToLive = notice.TimeToLiveSeconds,
            Urgency = notice.Urgent ? PushMessageUrgency.High : PushMessageUrgency.Normal,
            Topic = notice.Topic,
        };
        using var vapid = VapidToken.Authentication(new Uri(device.Endpoint), keys, options.Value.Subject, DateTimeOffset.UtcNow);
        try
        {
            await new PushServiceClient(_http) { AutoRetryAfter = false }.RequestPushMessageDeliveryAsync(subscription, message, vapid);
            return PushOutcome.Delivered;
        }
        catch (PushServiceClientException refused)
        {
            return refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone ? PushOutcome.Gone
                : refused.StatusCode is HttpStatusCode.TooManyRequests || (int)refused.StatusCode >= 500 ? PushOutcome.Later(RetryAfter(refused), $"{(int)refused.StatusCode}")
                : PushOutcome.Refused($"{(int)refused.StatusCode} {refused.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return PushOutcome.Later(null, e.Message);
        }
    }

    private static TimeSpan? RetryAfter(PushServiceClientException refused) =>
        refused.Headers?.RetryAfter is { } header ? header.Delta ?? header.Date - DateTimeOffset.UtcNow : null;

    public void Dispose() => _http.Dispose();
}
