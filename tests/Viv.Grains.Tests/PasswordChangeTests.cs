using Viv.Accounts;

namespace Viv.Grains.Tests;

/// <summary>A password change needs the current password (guessed at no faster than sign-ins) and ends every other session.</summary>
public sealed class PasswordChangeTests(ClusterFixture fixture)
{
    private const string NewPassword = "a brand new passphrase";

    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<IDeviceSessionGrain> Begun(Guid user)
    {
        var session = _grains.GetGrain<IDeviceSessionGrain>(Guid.NewGuid());
        await session.Begin(user, "", fixture.Clock.GetUtcNow().AddDays(14));
        return session;
    }

    [Fact]
    public async Task The_right_password_changes_it_and_ends_every_other_session_but_the_one_that_changed_it()
    {
        var (username, id) = await Accounts.Register(_grains);
        var (here, laptop, phone) = (await Begun(id), await Begun(id), await Begun(id));

        var result = await _grains.GetGrain<IUserGrain>(id).ChangePassword(Accounts.Password, NewPassword, here.GetPrimaryKey());

        result.Should().Be(PasswordChangeResult.Changed);
        (await here.GetActiveUser()).Should().Be(id);
        (await laptop.GetActiveUser()).Should().BeNull();
        (await phone.GetActiveUser()).Should().BeNull();
        var name = _grains.GetGrain<IUsernameGrain>(username.Normalized);
        (await name.SignIn(Accounts.Password)).Outcome.Should().Be(SignInOutcome.Rejected);
        (await name.SignIn(NewPassword)).Outcome.Should().Be(SignInOutcome.SignedIn);
    }

    [Fact]
    public async Task Refused_changes_change_nothing_and_only_a_wrong_current_password_counts_toward_the_lockout()
    {
        var (username, id) = await Accounts.Register(_grains);
        var (here, other) = (await Begun(id), await Begun(id));
        var user = _grains.GetGrain<IUserGrain>(id);
        Task<PasswordChangeResult> Change(string current, string replacement) => user.ChangePassword(current, replacement, here.GetPrimaryKey());

        var refusedBeforeTrying = new[]
        {
            await Change("", NewPassword),
            await Change(Accounts.Password, "short"),
            await Change(Accounts.Password, new string('x', Passwords.MaxLength + 1)),
            await Change(Accounts.Password, Accounts.Password),
            await Change("wrong password", "wrong password"),
        };
        var wrong = new List<PasswordChangeResult>();
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            wrong.Add(await Change("wrong password", NewPassword));
        }
        var rightButLocked = await Change(Accounts.Password, NewPassword);
        var signInWhileLocked = await _grains.GetGrain<IUsernameGrain>(username.Normalized).SignIn(Accounts.Password);
        fixture.Clock.Advance(SignInThrottle.LockDuration);

        refusedBeforeTrying.Select(r => r.Error).Should().Equal(
            AccountError.CurrentPasswordMissing, AccountError.PasswordTooShort, AccountError.PasswordTooLong,
            AccountError.PasswordUnchanged, AccountError.PasswordUnchanged);
        wrong.Take(SignInThrottle.MaxFailures - 1).Should().AllBeEquivalentTo(new PasswordChangeResult(AccountError.CurrentPasswordWrong));
        wrong[^1].Should().Be(new PasswordChangeResult(AccountError.LockedOut, fixture.Clock.GetUtcNow()));
        rightButLocked.Error.Should().Be(AccountError.LockedOut);
        signInWhileLocked.Outcome.Should().Be(SignInOutcome.LockedOut, "a wrong current password is a failed sign-in");
        (await other.GetActiveUser()).Should().Be(id);
        (await here.GetActiveUser()).Should().Be(id);
        (await _grains.GetGrain<IUsernameGrain>(username.Normalized).SignIn(Accounts.Password)).Outcome.Should().Be(SignInOutcome.SignedIn, "the password did not change");
    }
}
