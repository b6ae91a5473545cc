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
        if (error != RelationshipError.None || (newMine == mine && newTheirs == theirs))
        {
            return new FriendshipOutcome(error, mine.Status, theirs.Status, friendship.State.Version);
        }
        friendship.State.Version++;
        (friendship.State.Low, friendship.State.High) = actorIsLow ? (newMine, newTheirs) : (newTheirs, newMine);
        await friendship.WriteStateAsync();
        var other = actorIsLow ? high : low;
        // One-way: the other roster may itself be waiting on this grain (crossing requests).
        await GrainFactory.GetGrain<IRosterGrain>(other).Update(actor, newTheirs.Status, newMine.Status, friendship.State.Version);
        return new FriendshipOutcome(RelationshipError.None, newMine.Status, newTheirs.Status, friendship.State.Version);
    }
}
