namespace Viv.Roster;

public sealed class FriendshipGrain(
    [PersistentState("friendship")] IPersistentState<FriendshipState> friendship) : Grain, IFriendshipGrain
{
    private (Guid Low, Guid High) Pair
    {
        get
        {
            var ids = this.GetPrimaryKeyString().Split(':');
            return (Guid.Parse(ids[0]), Guid.Parse(ids[1]));
        }
    }

    public async Task<FriendshipOutcome> Act(Guid actor, RelationshipAction action)
    {
        var (low, high) = Pair;
        if (actor != low && actor != high)
        {
            throw new ArgumentException($"{actor} is not part of friendship {this.GetPrimaryKeyString()}.", nameof(actor));
        }
        var actorIsLow = actor == low;
        var (mine, theirs) = actorIsLow ? (friendship.State.Low, friendship.State.High) : (friendship.State.High, friendship.State.Low);
        var (newMine, newTheirs, error) = RelationshipRules.Apply(mine, theirs, action);
        if (error != RelationshipError.None)
        {
            return new FriendshipOutcome(error, mine.Status, theirs.Status, friendship.State.Version);
        }
        if (newMine != mine || newTheirs != theirs)
        {
            friendship.State.Version++;
            (friendship.State.Low, friendship.State.High) = actorIsLow ? (newMine, newTheirs) : (newTheirs, newMine);
            await friendship.WriteStateAsync();
        }
        // Also when nothing changed: an action repeated because its answer was lost (a node died after
        // this grain wrote) brings the other roster up to date; a version it holds already is ignored.
        var other = actorIsLow ? high : low;
        await GrainFactory.GetGrain<IRosterGrain>(other).Record(actor, newTheirs.Status, newMine.Status, friendship.State.Version);
        return new FriendshipOutcome(RelationshipError.None, newMine.Status, newTheirs.Status, friendship.State.Version);
    }
}
