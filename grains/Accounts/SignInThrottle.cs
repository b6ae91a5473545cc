using Microsoft.Extensions.Logging;

namespace Viv.Accounts;

/// <summary>Five failed sign-ins in a row lock the name for five minutes.</summary>
[GenerateSerializer, Alias("viv.sign-in-throttle")]
public sealed class SignInThrottle
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(5);

    [Id(0)] public int Failures { get; set; }
    [Id(1)] public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Runs <paramref name="verify"/> unless locked, counts the outcome, and logs a refusal (<see cref="SignInLog"/>).</summary>
    public SignInOutcome Attempt(DateTimeOffset now, Func<bool> verify, ILogger logger, string username)
    {
        if (LockedUntil is { } until && until > now)
        {
            SignInLog.RefusedWhileLocked(logger, username, until);
            return SignInOutcome.LockedOut;
        }
        if (verify())
        {
            Failures = 0;
            LockedUntil = null;
            return SignInOutcome.SignedIn;
        }
        Failures++;
        if (Failures < MaxFailures)
        {
            SignInLog.Refused(logger, username, Failures);
            return SignInOutcome.Rejected;
        }
        Failures = 0;
        LockedUntil = now + LockDuration;
        SignInLog.LockedOut(logger, username, MaxFailures, LockedUntil.Value);
        return SignInOutcome.LockedOut;
    }

    public SignInResult Describe(SignInOutcome outcome, UserProfile? user) => outcome switch
    {
        SignInOutcome.SignedIn => SignInResult.SignedIn(user ?? throw new ArgumentNullException(nameof(user))),
        SignInOutcome.LockedOut => SignInResult.Locked(LockedUntil!.Value),
        _ => SignInResult.Rejected,
    };
}
