namespace Viv.Contacts;

/// <summary>
/// Keyed by the ordered pair of user ids (<see cref="ContactPairKey"/>): the pair, one status per
/// side. The single place where the two sides change together, so crossing requests resolve.
/// </summary>
[Alias("viv.IFriendshipGrain")]
public interface IContactPairGrain : IGrainWithStringKey
{
    [Alias("Act")]
    Task<ContactOutcome> Act(Guid actor, ContactAction action);
}

/// <summary>The actor's side and the other side after an action; <see cref="Version"/> orders updates.</summary>
[GenerateSerializer, Immutable, Alias("viv.friendship-outcome")]
public sealed record ContactOutcome(
    [property: Id(0)] ContactError Error,
    [property: Id(1)] ContactStatus Mine,
    [property: Id(2)] ContactStatus Theirs,
    [property: Id(3)] int Version);

public static class ContactPairKey
{
    public static string Of(Guid one, Guid other) =>
        one.CompareTo(other) < 0 ? $"{one:N}:{other:N}" : $"{other:N}:{one:N}";
}
