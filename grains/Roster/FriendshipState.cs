namespace Viv.Roster;

/// <summary>Both sides of a pair; "low" is the user whose id sorts first in the grain key.</summary>
[GenerateSerializer, Alias("viv.friendship-state")]
public sealed class FriendshipState
{
    [Id(0)] public FriendshipSide Low { get; set; } = FriendshipSide.Nothing;
    [Id(1)] public FriendshipSide High { get; set; } = FriendshipSide.Nothing;
    [Id(2)] public int Version { get; set; }
}
