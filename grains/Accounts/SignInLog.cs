using Microsoft.Extensions.Logging;

namespace Viv.Accounts;

/// <summary>
/// What an operator sees of password sign-ins: each refusal once, by the grain that decided it,
/// never with the password. The category says whether the name has an account
/// (<see cref="UserGrain"/>) or not (<see cref="UsernameGrain"/>).
/// </summary>
internal static partial class SignInLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in as {Username} refused: wrong password or no such account ({Failures} in a row)")]
    public static partial void Refused(ILogger logger, string username, int failures);

    /// <summary>A Warning: five wrong passwords in a row is what guessing looks like.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Username} locked out until {LockedUntil} after {Failures} wrong passwords in a row")]
    public static partial void LockedOut(ILogger logger, string username, int failures, DateTimeOffset lockedUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in as {Username} refused: locked out until {LockedUntil}")]
    public static partial void RefusedWhileLocked(ILogger logger, string username, DateTimeOffset lockedUntil);
}
