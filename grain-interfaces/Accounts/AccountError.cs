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
    CurrentPasswordMissing,
    /// <summary>Counted as a failed sign-in: five in a row lock the account.</summary>
    CurrentPasswordWrong,
    PasswordUnchanged,
    /// <summary>Too many failed sign-ins or password changes: the account is locked for a while.</summary>
    LockedOut,
    /// <summary>Too many attempts on this name in a short time: the web node refused before asking any grain.</summary>
    SlowedDown,
}
