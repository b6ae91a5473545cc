namespace Viv.Accounts;

[GenerateSerializer, Alias("viv.account-state")]
public sealed class AccountState
{
    [Id(0)] public string Username { get; set; } = "";
    [Id(1)] public string FullName { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public SignInThrottle Throttle { get; set; } = new();
    [Id(5)] public int? PictureVersion { get; set; }
}

[GenerateSerializer, Alias("viv.picture-state")]
public sealed class PictureState
{
    [Id(0)] public ProfilePicture? Picture { get; set; }
}
