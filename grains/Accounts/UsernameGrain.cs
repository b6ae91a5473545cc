using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viv.Hosting;
namespace Viv.Accounts;

public sealed class UsernameGrain(
    [PersistentState("username")] IPersistentState<UsernameState> reservation,
    Passwords passwords,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock,
    ILogger<UsernameGrain> logger) : Grain, IUsernameGrain
{
    /// <summary>Failures against a name nobody owns are only kept in memory: nothing is stored for made-up names.</summary>
    private readonly SignInThrottle _nobodysThrottle = new();

    public async Task<RegistrationResult> Register(NewAccount account)
    {
        if (account.Username.Normalized != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The account's username does not match this grain.", nameof(account));
        }
        if (reservation.State.UserId is not null)
        {
            return RegistrationResult.Refused(AccountError.UsernameTaken);
        }
        var userId = Guid.NewGuid();
        var error = await GrainFactory.GetGrain<IUserGrain>(userId).Create(account);
        if (error != AccountError.None)
        {
            return RegistrationResult.Refused(error);
        }
        reservation.State.UserId = userId;
        await reservation.WriteStateAsync();
        return RegistrationResult.Registered(userId);
    }

    public Task<SignInResult> SignIn(string password)
    {
        if (reservation.State.UserId is { } userId)
        {
            return GrainFactory.GetGrain<IUserGrain>(userId).SignIn(password);
        }
        var outcome = _nobodysThrottle.Attempt(clock.GetUtcNow(), () => passwords.VerifyNobody(password), logger, this.GetPrimaryKeyString());
        return Task.FromResult(_nobodysThrottle.Describe(outcome, user: null));
    }

    public Task<Guid?> GetUserId() => Task.FromResult(reservation.State.UserId);
}
