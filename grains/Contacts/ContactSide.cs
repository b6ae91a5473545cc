namespace Viv.Contacts;

/// <summary>One side of a pair: its status, and what it was before a block so unblocking restores it.</summary>
[GenerateSerializer, Immutable, Alias("viv.friendship-side")]
public sealed record ContactSide(
    [property: Id(0)] ContactStatus Status,
    [property: Id(1)] ContactStatus BeforeBlock = ContactStatus.None)
{
    public static readonly ContactSide Nothing = new(ContactStatus.None);
}
