namespace Viv.Calls;

/// <summary>
/// The keys of a call encrypted end to end, as far as the server sees them: each participant's device
/// identity public key, which everyone else in the call hears, and the media keys their tabs wrap for
/// each other's identity keys, which the room relays without reading. Kept while the participant is in
/// the call, with the rest of the room's <see cref="CallRoomState"/>.
/// </summary>
internal sealed class CallKeys(ICall call, Mesh mesh)
{
    private readonly Dictionary<Guid, string> _identities = [];

    /// <summary>A participant's tab announced its identity key: it replaces any before it, and everyone else hears it.</summary>
    public async Task<CallError> Announce(Guid user, string connectionId, string? publicKey)
    {
        if (CallRules.MayAnnounceIdentity(call.Room, user, mesh.IsTheirTab(user, connectionId), publicKey) is not CallError.None and var refused)
        {
            return refused;
        }
        _identities[user] = publicKey!;
        var announced = new IdentityAnnounced(call.Id, user, publicKey!);
        await Task.WhenAll(mesh.Members.Where(member => member != user).ToList().Select(member => mesh.Tell(member, announced)));
        return CallError.None;
    }

    /// <summary>Someone came in or their tab reconnected: they hear every identity key the others announced, whoever announced first.</summary>
    public Task Introduce(Guid user) =>
        Task.WhenAll(_identities.Where(known => known.Key != user).ToList().Select(known => mesh.Tell(user, new IdentityAnnounced(call.Id, known.Key, known.Value))));

    /// <summary>Passes a wrapped media key from one participant's tab to another's, as it came.</summary>
    public async Task<CallError> Relay(Guid from, string connectionId, Guid to, MediaKeyMessage? message)
    {
        if (CallRules.MaySendMediaKey(call.Room, call.Id, from, mesh.IsTheirTab(from, connectionId), to, message, _identities) is not CallError.None and var refused)
        {
            return refused;
        }
        await mesh.Tell(to, new MediaKeyRelayed(call.Id, from, message!));
        return CallError.None;
    }

    /// <summary>A participant left: their identity key is no longer theirs to use in this call.</summary>
    public void Forget(Guid user) => _identities.Remove(user);

    public Dictionary<Guid, string> Keep() => new(_identities);

    public void Restore(Dictionary<Guid, string> kept)
    {
        foreach (var (user, key) in kept)
        {
            _identities[user] = key;
        }
    }
}
