namespace Viv.Accounts;

[GenerateSerializer, Immutable, Alias("viv.registration-result")]
public sealed record RegistrationResult(
    [property: Id(0)] Guid? UserId,
    [property: Id(1)] AccountError Error)
{
    public bool Succeeded => UserId is not null;

    public static RegistrationResult Registered(Guid userId) => new(userId, AccountError.None);

    public static RegistrationResult Refused(AccountError error) => new(null, error);
}
