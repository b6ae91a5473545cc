namespace Viv.Contacts;

[GenerateSerializer, Alias("viv.roster-state")]
public sealed class ContactListState
{
    [Id(0)] public Dictionary<Guid, ContactListEntry> Entries { get; set; } = [];
}

/// <summary>Both sides as last reported by the pair grain. Only <see cref="Mine"/> and <see cref="Mutual"/> may ever reach the user.</summary>
[GenerateSerializer, Immutable, Alias("viv.roster-entry")]
public sealed record ContactListEntry(
    [property: Id(0)] ContactStatus Mine,
    [property: Id(1)] ContactStatus Theirs,
    [property: Id(2)] int Version)
{
    public static readonly ContactListEntry Nothing = new(ContactStatus.None, ContactStatus.None, 0);

    public bool Mutual => Mine == ContactStatus.Accepted && Theirs == ContactStatus.Accepted;

    public bool Visible => Mine is ContactStatus.Requested or ContactStatus.Pending or ContactStatus.Accepted or ContactStatus.Blocked;
}
