namespace Viv.Accounts;

/// <summary>What a person submits to register. The picture is already checked and resized by the web tier.</summary>
[GenerateSerializer, Immutable, Alias("viv.new-account")]
public sealed record NewAccount(
    [property: Id(0)] Username Username,
    [property: Id(1)] string FullName,
    [property: Id(2)] string Password,
    [property: Id(3)] ProfilePicture? Picture);
