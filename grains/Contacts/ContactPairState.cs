namespace Viv.Contacts;

/// <summary>Both sides of a pair; "low" is the user whose id sorts first in the grain key.</summary>
[GenerateSerializer, Alias("viv.friendship-state")]
public sealed class ContactPairState
{
    [Id(0)] public ContactSide Low { get; set; } = ContactSide.Nothing;
    [Id(1)] public ContactSide High { get; set; } = ContactSide.Nothing;
    [Id(2)] public int Version { get; set; }
}
