using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Viv.Hosting;
using Viv.Realtime;
using Viv.Contacts;

namespace Viv.Accounts;

public sealed class UserGrain(
    [PersistentState("account")] IPersistentState<AccountState> account,
    [PersistentState("picture", VivSilo.LargeStates)] IPersistentState<PictureState> picture,
    Passwords passwords,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private Guid Id => this.GetPrimaryKey();

    public async Task<AccountError> Create(NewAccount request)
    {
        if (account.RecordExists)
        {
            throw new InvalidOperationException($"User {Id} already exists.");
        }
        if (!FullName.TryNormalize(request.FullName, out var fullName, out var error)
            || (error = Passwords.Check(request.Password)) != AccountError.None)
        {
            return error;
        }
        if (request.Picture is not null)
        {
            picture.State.Picture = request.Picture;
            await picture.WriteStateAsync();
        }
        account.State = new AccountState
        {
            Username = request.Username.Normalized,
            FullName = fullName,
            PasswordHash = passwords.Hash(request.Password),
            CreatedAt = clock.GetUtcNow(),
            PictureVersion = request.Picture is null ? null : 1,
        };
        await account.WriteStateAsync();
        await ListInDirectory();
        return AccountError.None;
    }

    public Task<UserProfile?> GetProfile() => Task.FromResult(Profile());

    public Task<ProfilePicture?> GetPicture() => Task.FromResult(picture.State.Picture);

    public async Task<UserProfile> SetPicture(ProfilePicture replacement)
    {
        if (!account.RecordExists)
        {
            throw new InvalidOperationException($"User {Id} does not exist.");
        }
        picture.State.Picture = replacement;
        await picture.WriteStateAsync();
        account.State.PictureVersion = (account.State.PictureVersion ?? 0) + 1;
        await account.WriteStateAsync();
        return Profile()!;
    }

    public async Task<SignInResult> SignIn(string password)
    {
        if (!account.RecordExists)
        {
            return SignInResult.Rejected;
        }
        var now = clock.GetUtcNow();
        var weak = false;
        var outcome = account.State.Throttle.Attempt(now, () => passwords.Verify(account.State.PasswordHash, password, out weak), logger, account.State.Username);
        if (outcome == SignInOutcome.SignedIn && weak)
        {
            account.State.PasswordHash = passwords.Hash(password);
        }
        await account.WriteStateAsync();
        if (outcome == SignInOutcome.SignedIn)
        {
            await GrainFactory.GetGrain<IPresenceGrain>(Id).Deliver(new SignedInElsewhere(now));
        }
        return account.State.Throttle.Describe(outcome, Profile());
    }

    public async Task<PasswordChangeResult> ChangePassword(string current, string replacement, Guid keepSession)
    {
        if (!account.RecordExists)
        {
            throw new InvalidOperationException($"User {Id} does not exist.");
        }
        if (Passwords.CheckChange(current, replacement) is var error and not AccountError.None)
        {
            return new PasswordChangeResult(error);
        }
        var outcome = account.State.Throttle.Attempt(clock.GetUtcNow(), () => passwords.Verify(account.State.PasswordHash, current), logger, account.State.Username);
        if (outcome == SignInOutcome.SignedIn)
        {
            account.State.PasswordHash = passwords.Hash(replacement);
        }
        await account.WriteStateAsync();
        if (outcome != SignInOutcome.SignedIn)
        {
            return outcome == SignInOutcome.LockedOut
                ? new PasswordChangeResult(AccountError.LockedOut, account.State.Throttle.LockedUntil)
                : new PasswordChangeResult(AccountError.CurrentPasswordWrong);
        }
        await GrainFactory.GetGrain<ISessionListGrain>(Id).EndAllBut(keepSession);
        return PasswordChangeResult.Changed;
    }

    private Task ListInDirectory() => Task.WhenAll(SearchText.WordsOf(account.State.Username, account.State.FullName)
        .GroupBy(SearchText.ShardOf)
        .Select(shard => GrainFactory.GetGrain<IDirectoryShardGrain>(shard.Key).Add(Id, [.. shard])));

    private UserProfile? Profile() => account.RecordExists
        ? new UserProfile(Id, account.State.Username, account.State.FullName, account.State.PictureVersion)
        : null;
}
