using Viv.Accounts;
using Viv.Realtime;
using Viv.Contacts;

namespace Viv.Grains.Tests;

/// <summary>A registered user in grain tests, with a web node's relay of their own to watch what they are told.</summary>
internal sealed class Member
{
    private readonly IGrainFactory _grains;

    private Member(IGrainFactory grains, Username username, Guid id)
    {
        _grains = grains;
        Username = username;
        Id = id;
        RelayReference = grains.CreateObjectReference<IClientRelay>(Relay);
    }

    public Username Username { get; }

    public Guid Id { get; }

    public RecordingRelay Relay { get; } = new();

    public IClientRelay RelayReference { get; }

    public string ConnectionId => $"conn-{Id}";

    public IContactListGrain ContactList => _grains.GetGrain<IContactListGrain>(Id);

    public IPresenceGrain Presence => _grains.GetGrain<IPresenceGrain>(Id);

    public static async Task<Member> Register(IGrainFactory grains, string fullName = "Test Member")
    {
        var (username, id) = await Accounts.Register(grains, fullName);
        return new Member(grains, username, id);
    }

    public Viv.Calls.CallEnd End(string? connectionId = null) => new(Id, connectionId ?? ConnectionId, RelayReference);

    public Task Connect(DeviceKind device = DeviceKind.Browser) => Presence.Connect(new ConnectionLease(ConnectionId, device), RelayReference);

    public Task Disconnect() => Presence.Disconnect(ConnectionId);

    public Task<ContactError> Do(ContactAction action, Member other) => ContactList.Act(other.Id, action);

    public async Task BecomeContacts(Member other)
    {
        await Do(ContactAction.Request, other);
        await other.Do(ContactAction.Accept, this);
    }

    /// <summary>
    /// My side once the other side's last action has reached my contact list (it travels one-way), or
    /// whatever it is after 5 s if it never becomes <paramref name="expected"/>.
    /// </summary>
    public async Task<ContactStatus> SideTowardSettled(Member other, ContactStatus expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        ContactStatus side;
        while ((side = await SideToward(other)) != expected && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }
        return side;
    }

    /// <summary>My side as I can see it: search shows it for anyone, listed or not.</summary>
    public async Task<ContactStatus> SideToward(Member other)
    {
        var found = await ContactList.Search(other.Username.Normalized, 0);
        return found.Results.Single(r => r.Profile.Id == other.Id).Relationship;
    }

    public async Task<Contact?> ContactOf(Member other) => (await ContactList.GetContacts()).SingleOrDefault(c => c.Profile.Id == other.Id);

    /// <summary>What I see of their presence: Offline unless they are on my contact list and visible to me.</summary>
    public async Task<Presence> SeesPresenceOf(Member other) => (await ContactOf(other))?.Presence.Presence ?? Viv.Realtime.Presence.Offline;

    public Task<PresenceChanged> Hears(Member other, Presence presence) =>
        Relay.WaitFor<PresenceChanged>(ConnectionId, p => p.UserId == other.Id && p.Presence == presence);
}
