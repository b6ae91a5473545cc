namespace Viv.Accounts;

/// <summary>Keyed by user id: the account (profile, picture, password hash, lockout).</summary>
[Alias("viv.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Called once by the <see cref="IUsernameGrain"/> that reserved the name.</summary>
    [Alias("Create")]
    Task<AccountError> Create(NewAccount request);

    [Alias("GetProfile")]
    Task<UserProfile?> GetProfile();

    [Alias("GetPicture")]
    Task<ProfilePicture?> GetPicture();

    /// <summary>Replaces the picture with a thumbnail already checked and cropped by the web layer.</summary>
    [Alias("SetPicture")]
    Task<UserProfile> SetPicture(ProfilePicture replacement);

    [Alias("SignIn")]
    Task<SignInResult> SignIn(string password);

    /// <summary>
    /// Replaces the password when <paramref name="current"/> is right (a wrong one counts as a failed
    /// sign-in), and ends every session of the account but <paramref name="keepSession"/>.
    /// </summary>
    [Alias("ChangePassword")]
    Task<PasswordChangeResult> ChangePassword(string current, string replacement, Guid keepSession);
}
