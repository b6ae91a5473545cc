using Viv.Accounts;

namespace Viv.Grains.Tests;

public sealed class SignInTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private IUsernameGrain Name(Username username) => _grains.GetGrain<IUsernameGrain>(username.Normalized);

    [Fact]
    public async Task Right_password_signs_in()
    {
        var (username, id) = await Accounts.Register(_grains);

        var result = await Name(username).SignIn(Accounts.Password);

        result.Outcome.Should().Be(SignInOutcome.SignedIn);
        result.User!.Id.Should().Be(id);
    }

    [Fact]
    public async Task Unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        var (username, _) = await Accounts.Register(_grains);

        var wrongPassword = await Name(username).SignIn("not the password");
        var unknownUser = await Name(Accounts.NewUsername("ghost")).SignIn(Accounts.Password);

        wrongPassword.Should().Be(SignInResult.Rejected);
        unknownUser.Should().Be(wrongPassword);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_five_minutes()
    {
        var (username, _) = await Accounts.Register(_grains);
        for (var i = 0; i < SignInThrottle.MaxFailures - 1; i++)
        {
            (await Name(username).SignIn("wrong password")).Outcome.Should().Be(SignInOutcome.Rejected);
        }

        var fifth = await Name(username).SignIn("wrong password");
        var rightButLocked = await Name(username).SignIn(Accounts.Password);
        fixture.Clock.Advance(SignInThrottle.LockDuration - TimeSpan.FromSeconds(1));
        var stillLocked = await Name(username).SignIn(Accounts.Password);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterLock = await Name(username).SignIn(Accounts.Password);

        fifth.Outcome.Should().Be(SignInOutcome.LockedOut);
        fifth.LockedUntil.Should().Be(fixture.Clock.GetUtcNow());
        rightButLocked.Outcome.Should().Be(SignInOutcome.LockedOut);
        stillLocked.Outcome.Should().Be(SignInOutcome.LockedOut);
        afterLock.Outcome.Should().Be(SignInOutcome.SignedIn);
    }

    [Fact]
    public async Task Unknown_user_locks_exactly_like_a_real_one()
    {
        var ghost = Name(Accounts.NewUsername("ghost"));
        var answers = new List<SignInResult>();
        for (var i = 0; i < SignInThrottle.MaxFailures + 1; i++)
        {
            answers.Add(await ghost.SignIn("anything at all"));
        }

        answers.Select(a => a.Outcome).Should().Equal(
            SignInOutcome.Rejected, SignInOutcome.Rejected, SignInOutcome.Rejected, SignInOutcome.Rejected,
            SignInOutcome.LockedOut, SignInOutcome.LockedOut);
        fixture.Clock.Advance(SignInThrottle.LockDuration);
    }

    [Fact]
    public async Task A_success_clears_earlier_failures()
    {
        var (username, _) = await Accounts.Register(_grains);
        for (var i = 0; i < SignInThrottle.MaxFailures - 1; i++)
        {
            await Name(username).SignIn("wrong password");
        }
        await Name(username).SignIn(Accounts.Password);

        (await Name(username).SignIn("wrong password")).Outcome.Should().Be(SignInOutcome.Rejected);
    }
}
