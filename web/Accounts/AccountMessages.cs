using Viv.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Accounts;

/// <summary>The words a person reads for each refusal; the rules themselves live in the grains.</summary>
public static class AccountMessages
{
    public const string SignInRejected = "Wrong username or password.";

    public static string Describe(AccountError error) => error switch
    {
        AccountError.UsernameLength => $"A username has {Username.MinLength} to {Username.MaxLength} characters.",
        AccountError.UsernameCharacters => "A username may only use letters a-z, digits and . _ -",
        AccountError.UsernameTaken => "That username is taken. Try another.",
        AccountError.FullNameEmpty => "Enter your full name.",
        AccountError.FullNameTooLong => $"A full name has at most {FullName.MaxLength} characters.",
        AccountError.FullNameCharacters => "A full name can only hold characters people can see: no control, formatting, private-use or unassigned characters.",
        AccountError.FullNameMixedScripts => "Each word of a full name must be written in one script, so that it cannot pass for another name: no Latin letters mixed with Cyrillic or Greek ones in a word, no digits from two number systems.",
        AccountError.FullNameMarks => $"A letter in a full name can carry at most {FullName.MaxMarksInARow} accents or marks, never the same one twice, and no dot over an i.",
        AccountError.PasswordTooShort => $"A password has at least {Viv.Accounts.Passwords.MinLength} characters.",
        AccountError.PasswordTooLong => $"A password has at most {Viv.Accounts.Passwords.MaxLength} characters.",
        AccountError.PictureTooLarge => "The picture is larger than 2 MB.",
        AccountError.PictureInvalid => "The picture must be a PNG, JPEG or WebP image.",
        AccountError.PictureTooManyPixels => $"The picture is larger than {ProfilePicture.MaxPixels / 1_000_000} megapixels.",
        AccountError.CurrentPasswordMissing => "Enter your current password.",
        AccountError.CurrentPasswordWrong => "That is not your current password.",
        AccountError.PasswordUnchanged => "The new password is the same as the current one. Choose another.",
        _ => "Something went wrong. Try again.",
    };

    /// <summary>Why a password sign-in did not sign anyone in, in the words the login page and the API share.</summary>
    public static string SignInRefused(SignInResult result, DateTimeOffset now) => result switch
    {
        { Outcome: SignInOutcome.LockedOut, LockedUntil: { } until } => LockedOut(until, now),
        { Outcome: SignInOutcome.SlowedDown, LockedUntil: { } until } => SlowDown.After(Pace.SignIns, until - now).Error,
        _ => SignInRejected,
    };

    /// <summary>Why a password change was refused, in the words the password page and the API share.</summary>
    public static string PasswordChangeRefused(PasswordChangeResult result, DateTimeOffset now) => result switch
    {
        { Error: AccountError.LockedOut, Until: { } until } => LockedOut(until, now),
        { Error: AccountError.SlowedDown, Until: { } until } => SlowDown.After(Pace.SignIns, until - now).Error,
        _ => Describe(result.Error),
    };

    public static string LockedOut(DateTimeOffset until, DateTimeOffset now) =>
        $"Too many failed attempts. Try again in {Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes))} minutes.";
}
