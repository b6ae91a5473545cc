using Viv.Accounts;
using Viv.Realtime;
using Viv.Contacts;
using Viv.Push;

namespace Viv.Calls;

/// <summary>What a call room asks other grains about a person: their presence, profile, blocks and reach.</summary>
internal static class People
{
    public static IPresenceGrain Presence(this IGrainFactory grains, Guid user) => grains.GetGrain<IPresenceGrain>(user);

    public static async Task<UserProfile> Profile(this IGrainFactory grains, Guid user) => (await grains.GetGrain<IUserGrain>(user).GetProfile())!;

    public static Task<IReadOnlyList<Guid>> BlockedEitherWay(this IGrainFactory grains, Guid user) => grains.GetGrain<IContactListGrain>(user).GetBlockedEitherWay();

    /// <summary>What <see cref="CallRules.MayRing"/> needs to know of <paramref name="invitee"/>, from the contact list and presence.</summary>
    public static async Task<Reach> Reach(this IGrainFactory grains, Guid inviter, Guid invitee)
    {
        if (invitee == inviter)
        {
            return new Reach(false, false, []);
        }
        var contacts = await grains.GetGrain<IContactListGrain>(inviter).GetMutualContacts();
        var reachable = (await grains.Presence(invitee).GetPresence()).Presence != Realtime.Presence.Offline
            || (await grains.GetGrain<IPushDevicesGrain>(invitee).List()).Count > 0;
        return new Reach(contacts.Contains(invitee), reachable, await grains.BlockedEitherWay(invitee));
    }
}
