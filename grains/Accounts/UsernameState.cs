namespace Viv.Accounts;

[GenerateSerializer, Alias("viv.username-state")]
public sealed class UsernameState
{
    [Id(0)] public Guid? UserId { get; set; }
}
