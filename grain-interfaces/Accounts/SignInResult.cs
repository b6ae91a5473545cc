namespace Viv.Accounts;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>Wrong password or unknown user: callers must not be able to tell these apart.</summary>
    Rejected,
    LockedOut,
    /// <summary>Too many attempts on this name in a short time: the web node refused before asking any grain.</summary>
    SlowedDown,
}

[GenerateSerializer, Immutable, Alias("viv.sign-in-result")]
public sealed record SignInResult(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] UserProfile? User,
    [property: Id(2)] DateTimeOffset? LockedUntil)
{
    public static readonly SignInResult Rejected = new(SignInOutcome.Rejected, null, null);

    public static SignInResult SignedIn(UserProfile user) => new(SignInOutcome.SignedIn, user, null);

    public static SignInResult Locked(DateTimeOffset until) => new(SignInOutcome.LockedOut, null, until);

    public static SignInResult SlowedDown(DateTimeOffset until) => new(SignInOutcome.SlowedDown, null, until);
}
