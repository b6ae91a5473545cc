namespace Viv.Contacts;

/// <summary>
/// The grain type it had as FriendshipGrain: stored pairs are keyed by it (<c>friendship/{low}:{high}</c>)
/// and would not be found under a new one.
/// </summary>
[GrainType("friendship")]
public sealed class ContactPairGrain(
    [PersistentState("friendship")] IPersistentState<ContactPairState> pair) : Grain, IContactPairGrain
{
    private (Guid Low, Guid High) Ids
    {
        get
        {
            var ids = this.GetPrimaryKeyString().Split(':');
            return (Guid.Parse(ids[0]), Guid.Parse(ids[1]));
        }
    }

    public async Task<ContactOutcome> Act(Guid actor, ContactAction action)
    {
        var (low, high) = Ids;
        if (actor != low && actor != high)
        {
            throw new ArgumentException($"{actor} is not part of the pair {this.GetPrimaryKeyString()}.", nameof(actor));
        }
        var actorIsLow = actor == low;
        var (mine, theirs) = actorIsLow ? (pair.State.Low, pair.State.High) : (pair.State.High, pair.State.Low);
        var (newMine, newTheirs, error) = ContactRules.Apply(mine, theirs, action);
        if (error != ContactError.None)
        {
            return new ContactOutcome(error, mine.Status, theirs.Status, pair.State.Version);
        }
        if (newMine != mine || newTheirs != theirs)
        {
            pair.State.Version++;
            (pair.State.Low, pair.State.High) = actorIsLow ? (newMine, newTheirs) : (newTheirs, newMine);
            await pair.WriteStateAsync();
        }
        // Also when nothing changed: an action repeated because its answer was lost (a node died after
        // this grain wrote) brings the other contact list up to date; a version it holds already is ignored.
        var other = actorIsLow ? high : low;
        await GrainFactory.GetGrain<IContactListGrain>(other).Record(actor, newTheirs.Status, newMine.Status, pair.State.Version);
        return new ContactOutcome(ContactError.None, newMine.Status, newTheirs.Status, pair.State.Version);
    }
}
