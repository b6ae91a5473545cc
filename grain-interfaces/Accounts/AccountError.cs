namespace Viv.Accounts;

/// <summary>Why an account operation was refused. Pages and the API turn these into words.</summary>
public enum AccountError
{
    None,
    UsernameLength,
    UsernameCharacters,
    UsernameTaken,
    FullNameEmpty,
    FullNameTooLong,
    FullNameCharacters,
    PasswordTooShort,
    PasswordTooLong,
    PictureTooLarge,
    PictureInvalid,
    FullNameMixedScripts,
    FullNameMarks,
    PictureTooManyPixels,
}
