using Viv.Realtime;
using Viv.Contacts;

namespace Viv.Grains.Tests;

public sealed class PresenceTests(ClusterFixture fixture)
{
    private async Task<(Member Alice, Member Bob)> Contacts()
    {
        var (alice, bob) = (await Member.Register(fixture.Client, "Alice"), await Member.Register(fixture.Client, "Bob"));
        await alice.Do(ContactAction.Request, bob);
        await bob.Do(ContactAction.Accept, alice);
        return (alice, bob);
    }

    [Fact]
    public async Task Contacts_see_each_other_come_and_go()
    {
        var (alice, bob) = await Contacts();
        await alice.Connect();

        await bob.Connect();
        await alice.Hears(bob, Presence.Online);
        (await alice.SeesPresenceOf(bob)).Should().Be(Presence.Online);

        await bob.Disconnect();
        await alice.Hears(bob, Presence.Offline);
        (await alice.SeesPresenceOf(bob)).Should().Be(Presence.Offline);
    }

    [Fact]
    public async Task A_phone_alone_shows_as_mobile_and_a_browser_beside_it_as_online()
    {
        var (alice, bob) = await Contacts();
        await alice.Connect();

        await bob.Connect(DeviceKind.Mobile);
        await alice.Hears(bob, Presence.Mobile);
        await bob.Presence.Connect(new ConnectionLease("bob-laptop", DeviceKind.Browser), bob.RelayReference);

        await alice.Hears(bob, Presence.Online);
    }

    [Fact]
    public async Task Online_while_any_connection_lives()
    {
        var (alice, bob) = await Contacts();
        await bob.Connect();
        await bob.Presence.Connect(new ConnectionLease("second-tab", DeviceKind.Browser), bob.RelayReference);

        await bob.Presence.Disconnect("second-tab");

        (await alice.SeesPresenceOf(bob)).Should().Be(Presence.Online);
    }

    [Fact]
    public async Task Only_contacts_accepted_on_both_sides_hear_presence()
    {
        var (alice, bob) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        await alice.Do(ContactAction.Request, bob);
        await alice.Connect();

        await bob.Connect();

        (await alice.Relay.AfterQuietPeriod(alice.ConnectionId)).OfType<PresenceChanged>().Should().BeEmpty();
        (await alice.SeesPresenceOf(bob)).Should().Be(Presence.Offline);
    }

    [Fact]
    public async Task A_block_looks_to_the_blocked_side_exactly_like_going_offline()
    {
        var (alice, bob) = await Contacts();
        await alice.Connect();
        await bob.Connect();
        await alice.Hears(bob, Presence.Online);
        alice.Relay.Clear();

        await bob.Do(ContactAction.Block, alice);

        var offline = await alice.Hears(bob, Presence.Offline);
        offline.Should().BeOfType<PresenceChanged>();
        (await alice.Relay.AfterQuietPeriod(alice.ConnectionId)).Should().ContainSingle();
        (await alice.ContactOf(bob))!.Should().Match<Contact>(c => c.Relationship == ContactStatus.Accepted && c.Presence.Presence == Presence.Offline);
        (await bob.SeesPresenceOf(alice)).Should().Be(Presence.Offline);

        await bob.Do(ContactAction.Unblock, alice);
        await alice.Hears(bob, Presence.Online);
    }

    [Fact]
    public async Task An_offline_contact_who_unblocks_me_is_heard_no_more_than_an_offline_contact_who_does_nothing()
    {
        var (alice, bob) = await Contacts();
        await alice.Connect();
        await bob.Connect();
        await alice.Hears(bob, Presence.Online);
        await bob.Do(ContactAction.Block, alice);
        await alice.Hears(bob, Presence.Offline);
        await bob.Disconnect();
        alice.Relay.Clear();

        await bob.Do(ContactAction.Unblock, alice);

        (await alice.Relay.AfterQuietPeriod(alice.ConnectionId)).Should().BeEmpty("nothing told her he was anything but offline");
        (await alice.SeesPresenceOf(bob)).Should().Be(Presence.Offline);
        await bob.Connect();
        await alice.Hears(bob, Presence.Online);
    }

    [Fact]
    public async Task In_my_list_a_contact_who_left_one_who_blocked_me_and_one_who_deleted_me_look_the_same_time_included()
    {
        var me = await Member.Register(fixture.Client, "Me");
        var (left, blocker, deleter) = (await Member.Register(fixture.Client), await Member.Register(fixture.Client), await Member.Register(fixture.Client));
        foreach (var other in new[] { left, blocker, deleter })
        {
            await me.BecomeContacts(other);
            await other.Connect();
        }
        await me.Connect();
        await left.Disconnect();
        await blocker.Do(ContactAction.Block, me);
        await deleter.Do(ContactAction.Delete, me);
        await me.Hears(blocker, Presence.Offline);
        await me.Hears(deleter, Presence.Offline);
        await Eventually.True(async () => (await me.ContactList.GetContacts()).All(c => c.Presence.Presence == Presence.Offline), "until my contact list heard each change");
        // Each presence grain steps its times a tick past the last it gave out while this clock stands
        // still (PresenceGrain.Stamp); once the clock moves on, as a real one does, every reading is now.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        var seen = (await me.ContactList.GetContacts()).ToDictionary(c => c.Profile.Id, c => (c.Relationship, c.Presence));

        seen[blocker.Id].Should().Be(seen[left.Id]);
        seen[deleter.Id].Should().Be(seen[left.Id]);
        seen[left.Id].Should().Be((ContactStatus.Accepted, new PresenceState(Presence.Offline, fixture.Clock.GetUtcNow())), "offline is as of now");
    }

    [Fact]
    public async Task A_deleted_contact_sees_me_offline_for_good()
    {
        var (alice, bob) = await Contacts();
        await alice.Connect();
        await bob.Do(ContactAction.Delete, alice);

        await bob.Connect();

        (await alice.Relay.AfterQuietPeriod(alice.ConnectionId)).OfType<PresenceChanged>().Should().BeEmpty();
        (await alice.SeesPresenceOf(bob)).Should().Be(Presence.Offline);
    }

    [Fact]
    public async Task A_request_and_its_acceptance_reach_both_sides_live()
    {
        var (alice, bob) = (await Member.Register(fixture.Client, "Alice Asks"), await Member.Register(fixture.Client, "Bob Answers"));
        await alice.Connect();
        await bob.Connect();

        await alice.Do(ContactAction.Request, bob);
        var pending = await bob.Relay.WaitFor<ContactChanged>(bob.ConnectionId, c => c.Contact.Profile.Id == alice.Id);
        await bob.Do(ContactAction.Accept, alice);
        var accepted = await alice.Relay.WaitFor<ContactChanged>(alice.ConnectionId, c => c.Contact.Relationship == ContactStatus.Accepted);

        pending.Contact.Relationship.Should().Be(ContactStatus.Pending);
        pending.Contact.Profile.FullName.Should().Be("Alice Asks");
        (await bob.ContactList.GetPendingCount()).Should().Be(0);
        accepted.Contact.Presence.Presence.Should().Be(Presence.Online);
        (await bob.SeesPresenceOf(alice)).Should().Be(Presence.Online);
    }

    [Fact]
    public async Task Someone_who_leaves_just_as_many_accept_their_requests_is_seen_offline_by_every_new_contact()
    {
        // Acceptances reach the requester's contact list one-way and queue there, while each accepter already
        // holds a snapshot that says "online"; a requester leaving before the queue drains must still be heard leaving.
        var star = await Member.Register(fixture.Client, "Star");
        var friends = await Task.WhenAll(Enumerable.Range(0, CapTests.UnansweredRequests).Select(_ => Member.Register(fixture.Client, "Friend")));
        await Task.WhenAll([star.Connect(), .. friends.Select(f => f.Connect())]);
        (await Task.WhenAll(friends.Select(f => star.Do(ContactAction.Request, f)))).Should().AllBeEquivalentTo(ContactError.None);

        (await Task.WhenAll(friends.Select(f => f.Do(ContactAction.Accept, star)))).Should().AllBeEquivalentTo(ContactError.None);
        await star.Disconnect();

        // The acceptances drain one-way: a fixed second was too short on a loaded machine.
        Presence[] Seen() => [.. friends.Select(f => LastSeen(f.Relay.ReceivedBy(f.ConnectionId), star.Id))];
        await Eventually.True(() => Task.FromResult(Seen().All(p => p == Presence.Offline)), () => $"until every friend heard the star leave; still not:\n{Heard(friends, star)}");
        Seen().Should().AllBeEquivalentTo(Presence.Offline, "no friend's page may keep showing someone who left");
    }

    /// <summary>
    /// A contact list reads the star's presence, and before it tells what it read the star leaves (or
    /// comes), which the star's presence grain tells at once: what the list tells later must not
    /// override that on the new contact's page, whichever list reads (the star's own shows the star's
    /// presence to the new contact, the contact's own takes its snapshot of the star). The reply is
    /// held while the clock moves on a second, as the time a loaded machine lets pass there.
    /// </summary>
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task A_presence_read_just_before_it_changes_never_overrides_the_change(bool starLeaves, bool readByStarsList)
    {
        var (star, friend) = (await Member.Register(fixture.Client, "Star"), await Member.Register(fixture.Client, "Friend"));
        await friend.Connect();
        if (starLeaves)
        {
            await star.Connect();
        }
        await star.Do(ContactAction.Request, friend);
        await friend.Relay.WaitFor<ContactChanged>(friend.ConnectionId, c => c.Contact.Profile.Id == star.Id);
        var reader = readByStarsList ? star.ContactList : friend.ContactList;
        using var hold = fixture.Held.Next(reader.GetGrainId(), star.Presence.GetGrainId(), nameof(IPresenceGrain.ReadPresence));

        var accepting = friend.Do(ContactAction.Accept, star);
        await hold.Holding;
        var changed = starLeaves ? Presence.Offline : Presence.Online;
        await (starLeaves ? star.Disconnect() : star.Connect());
        await friend.Hears(star, changed);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var heardFromStar = friend.Relay.ReceivedBy(friend.ConnectionId).OfType<PresenceChanged>().Count(p => p.UserId == star.Id);
        hold.Release();
        (await accepting).Should().Be(ContactError.None);

        // What the held reader tells: the star's list a presence, the friend's list the friend's new contact.
        await Eventually.True(() => Task.FromResult(readByStarsList
            ? friend.Relay.ReceivedBy(friend.ConnectionId).OfType<PresenceChanged>().Count(p => p.UserId == star.Id) > heardFromStar
            : friend.Relay.ReceivedBy(friend.ConnectionId).OfType<ContactChanged>().Any(c => c.Contact.Profile.Id == star.Id && c.Contact.Relationship == ContactStatus.Accepted)));
        LastSeen(friend.Relay.ReceivedBy(friend.ConnectionId), star.Id).Should().Be(changed, $"the friend heard {Heard([friend], star, all: true)}");
    }

    /// <summary>For a failure: what each friend who does not see the star offline (or each one) heard of the star, in order of arrival.</summary>
    private static string Heard(IEnumerable<Member> friends, Member star, bool all = false) => string.Join('\n', friends
        .Select((f, i) => (Index: i, Events: f.Relay.ReceivedBy(f.ConnectionId)))
        .Where(f => all || LastSeen(f.Events, star.Id) != Presence.Offline)
        .Select(f => $"friend {f.Index}: " + string.Join(", ", f.Events.Select(e => e switch
        {
            ContactChanged c when c.Contact.Profile.Id == star.Id => $"contact {c.Contact.Presence.Presence} since {c.Contact.Presence.Since:HH:mm:ss.fffffff}",
            PresenceChanged p when p.UserId == star.Id => $"presence {p.Presence} since {p.Since:HH:mm:ss.fffffff}",
            _ => null,
        }).OfType<string>())));

    /// <summary>What a page shows, folding snapshots and deltas as contacts/list.js does: an older "since" never overwrites a newer one.</summary>
    private static Presence LastSeen(IEnumerable<Viv.Realtime.ClientEvent> heard, Guid user)
    {
        var seen = PresenceState.Unknown;
        foreach (var e in heard)
        {
            var state = e switch
            {
                ContactChanged c when c.Contact.Profile.Id == user => c.Contact.Presence,
                PresenceChanged p when p.UserId == user => new PresenceState(p.Presence, p.Since),
                _ => null,
            };
            if (state is not null && state.Since >= seen.Since)
            {
                seen = state;
            }
        }
        return seen.Presence;
    }

    [Fact]
    public async Task A_web_node_that_stops_renewing_takes_its_users_offline_within_the_lease()
    {
        var (alice, bob) = await Contacts();
        await alice.Connect();
        await bob.Connect();
        await alice.Hears(bob, Presence.Online);

        // Bob's node dies: no disconnect, no renewal. Alice's node stays alive and renews.
        fixture.Clock.Advance(ConnectionLease.RenewalInterval);
        await alice.Presence.Renew([new ConnectionLease(alice.ConnectionId, DeviceKind.Browser)], alice.RelayReference);
        fixture.Clock.Advance(ConnectionLease.Duration - ConnectionLease.RenewalInterval);

        await alice.Hears(bob, Presence.Offline);
        (await alice.Presence.GetPresence()).Presence.Should().Be(Presence.Online);
        ConnectionLease.Duration.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    /// <summary>A node renews from a snapshot of its connections; one that closed meanwhile must stay closed.</summary>
    [Fact]
    public async Task A_renewal_that_crosses_a_disconnect_does_not_bring_the_connection_back()
    {
        var (alice, bob) = await Contacts();
        await alice.Connect();
        await bob.Connect();
        await alice.Hears(bob, Presence.Online);
        var snapshot = new ConnectionLease(bob.ConnectionId, DeviceKind.Browser);

        await bob.Disconnect();
        await bob.Presence.Renew([snapshot], bob.RelayReference);

        (await bob.Presence.GetConnectionCount()).Should().Be(0);
        (await alice.SeesPresenceOf(bob)).Should().Be(Presence.Offline);
        alice.Relay.ReceivedBy(alice.ConnectionId).OfType<PresenceChanged>().Where(p => p.UserId == bob.Id).Select(p => p.Presence)
            .Should().Equal(Presence.Online, Presence.Offline);

        await bob.Connect();
        await alice.Hears(bob, Presence.Online);
    }
}
