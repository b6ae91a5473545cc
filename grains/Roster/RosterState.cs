namespace Viv.Roster;

[GenerateSerializer, Alias("viv.roster-state")]
public sealed class RosterState
{
    [Id(0)] public Dictionary<Guid, RosterEntry> Entries { get; set; } = [];
}

/// <summary>Both sides as last reported by the friendship grain. Only <see cref="Mine"/> and <see cref="Mutual"/> may ever reach the user.</summary>
[GenerateSerializer, Immutable, Alias("viv.roster-entry")]
public sealed record RosterEntry(
    [property: Id(0)] Relationship Mine,
    [property: Id(1)] Relationship Theirs,
    [property: Id(2)] int Version)
{
    public static readonly RosterEntry Nothing = new(Relationship.None, Relationship.None, 0);

    public bool Mutual => Mine == Relationship.Accepted && Theirs == Relationship.Accepted;

    public bool Visible => Mine is Relationship.Requested or Relationship.Pending or Relationship.Accepted or Relationship.Blocked;
}
