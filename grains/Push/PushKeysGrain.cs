using System.Buffers.Text;
using System.Security.Cryptography;

namespace Viv.Push;

public sealed class PushKeysGrain([PersistentState("vapid")] IPersistentState<PushKeysState> keys) : Grain, IPushKeysGrain
{
    /// <summary>
    /// Made once: a browser's subscription is bound to the public key it was made with, so a new key
    /// would silence every device until its page subscribed again. Two activations racing to make
    /// one (a cluster's membership in flux) cannot both keep theirs: the second write fails on its ETag.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (keys.State.Keys is null)
        {
            using var pair = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var parameters = pair.ExportParameters(includePrivateParameters: true);
            keys.State.Keys = new VapidKeys(Base64Url.EncodeToString([4, .. parameters.Q.X!, .. parameters.Q.Y!]), Base64Url.EncodeToString(parameters.D));
            await keys.WriteStateAsync(cancellationToken);
        }
    }

    public Task<string> GetPublicKey() => Task.FromResult(keys.State.Keys!.PublicKey);

    public Task<VapidKeys> GetKeys() => Task.FromResult(keys.State.Keys!);
}
