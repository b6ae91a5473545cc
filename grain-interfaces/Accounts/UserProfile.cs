namespace Viv.Accounts;

/// <summary>What others may know of a user. PictureVersion changes whenever the picture does, for cache busting.</summary>
[GenerateSerializer, Immutable, Alias("viv.user-profile")]
public sealed record UserProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string FullName,
    [property: Id(3)] int? PictureVersion);
