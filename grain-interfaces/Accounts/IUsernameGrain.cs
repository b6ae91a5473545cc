namespace Viv.Accounts;

/// <summary>
/// Keyed by <see cref="Username.Normalized"/>. Owns the name: registration is atomic here, so
/// two people racing for one name cannot both win, and sign-in starts here so an unknown name
/// answers exactly like a wrong password.
/// </summary>
[Alias("viv.IUsernameGrain")]
public interface IUsernameGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<RegistrationResult> Register(NewAccount account);

    [Alias("SignIn")]
    Task<SignInResult> SignIn(string password);

    [Alias("GetUserId")]
    Task<Guid?> GetUserId();
}
