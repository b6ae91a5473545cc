using Viv.Accounts;

namespace Viv.Grains.Tests;

public sealed class RegistrationTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Registered_user_has_the_profile_they_gave()
    {
        var (username, id) = await Accounts.Register(_grains, "  Grace Hopper ");

        var profile = await _grains.GetGrain<IUserGrain>(id).GetProfile();

        profile.Should().BeEquivalentTo(new UserProfile(id, username.Display, "Grace Hopper", null));
        (await _grains.GetGrain<IUsernameGrain>(username.Normalized).GetUserId()).Should().Be(id);
    }

    [Fact]
    public async Task Same_name_registered_concurrently_from_many_tasks_has_exactly_one_winner()
    {
        var name = Accounts.NewUsername("race").Normalized;
        var attempts = Enumerable.Range(0, 40).Select(i =>
        {
            // Half the racers shout the name: case must not make a second account.
            var username = Accounts.Parse(i % 2 == 0 ? name : name.ToUpperInvariant());
            return Task.Run(() => _grains.GetGrain<IUsernameGrain>(username.Normalized)
                .Register(new NewAccount(username, $"Racer {i}", Accounts.Password, null)));
        });

        var results = await Task.WhenAll(attempts);

        results.Should().ContainSingle(r => r.Succeeded);
        results.Where(r => !r.Succeeded).Should().OnlyContain(r => r.Error == AccountError.UsernameTaken);
        (await _grains.GetGrain<IUsernameGrain>(name).GetUserId()).Should().Be(results.Single(r => r.Succeeded).UserId);
    }

    [Theory]
    [InlineData("", AccountError.FullNameEmpty)]
    [InlineData("   ", AccountError.FullNameEmpty)]
    [InlineData("\u200B\u202E\uFEFF", AccountError.FullNameEmpty)]
    [InlineData("Bad\u0007Bell", AccountError.FullNameCharacters)]
    public async Task Refused_full_name_leaves_the_username_free(string fullName, AccountError expected)
    {
        var username = Accounts.NewUsername();
        var names = _grains.GetGrain<IUsernameGrain>(username.Normalized);

        var refused = await names.Register(new NewAccount(username, fullName, Accounts.Password, null));

        refused.Should().Be(RegistrationResult.Refused(expected));
        (await names.GetUserId()).Should().BeNull();
        (await names.Register(new NewAccount(username, "Fixed Name", Accounts.Password, null))).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Full_name_counts_what_a_reader_sees_as_characters()
    {
        var hundredEmoji = string.Concat(Enumerable.Repeat("👩🏽‍🚀", 100));
        var username = Accounts.NewUsername();
        var names = _grains.GetGrain<IUsernameGrain>(username.Normalized);

        (await names.Register(new NewAccount(username, hundredEmoji + "x", Accounts.Password, null)))
            .Error.Should().Be(AccountError.FullNameTooLong);
        (await names.Register(new NewAccount(username, hundredEmoji, Accounts.Password, null)))
            .Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("Ярослав Мудрый")]
    [InlineData("李小龙")]
    [InlineData("عبد الله")]
    // Zero-width (non-)joiners where scripts and emoji need them: Persian, Devanagari, an emoji sequence.
    [InlineData("\u0645\u062D\u0645\u062F\u200C\u0631\u0636\u0627")]
    [InlineData("\u0915\u094D\u200D\u0937")]
    [InlineData("\U0001F469\u200D\U0001F4BB Ada")]
    public async Task Full_name_may_be_in_any_script(string fullName)
    {
        var (_, id) = await Accounts.Register(_grains, fullName);

        (await _grains.GetGrain<IUserGrain>(id).GetProfile())!.FullName.Should().Be(fullName);
    }

    [Theory]
    [InlineData("Zed\u200B Kay", "Zed Kay")]
    [InlineData("\uFEFFZ\u200Ded\u200C Kay\u2060", "Zed Kay")]
    [InlineData("\u202Egpj.exe Eve", "gpj.exe Eve")]
    [InlineData("Eve \u202Atwo\u202C \u2067three\u2069 \u200Ffour\u200E", "Eve two three four")]
    [InlineData("Soft\u00ADhyphen", "Softhyphen")]
    [InlineData("\u200B Ada \u200B", "Ada")]
    public async Task Full_name_loses_zero_width_and_direction_characters_nobody_sees(string typed, string kept)
    {
        var (_, id) = await Accounts.Register(_grains, typed);

        (await _grains.GetGrain<IUserGrain>(id).GetProfile())!.FullName.Should().Be(kept);
    }

    [Theory]
    [InlineData("short7!", AccountError.PasswordTooShort)]
    [InlineData("", AccountError.PasswordTooShort)]
    public async Task Weak_password_is_refused_and_nothing_is_created(string password, AccountError expected)
    {
        var username = Accounts.NewUsername();
        var names = _grains.GetGrain<IUsernameGrain>(username.Normalized);

        (await names.Register(new NewAccount(username, "Someone", password, null))).Error.Should().Be(expected);
        (await names.GetUserId()).Should().BeNull();
    }

    [Theory]
    [InlineData("ab", AccountError.UsernameLength)]
    [InlineData("a-name-that-is-thirty-three-chars", AccountError.UsernameLength)]
    [InlineData("with space", AccountError.UsernameCharacters)]
    [InlineData("émile", AccountError.UsernameCharacters)]
    [InlineData("<script>", AccountError.UsernameCharacters)]
    [InlineData("semi;colon", AccountError.UsernameCharacters)]
    public void Username_outside_the_rules_is_refused(string raw, AccountError expected)
    {
        Username.TryParse(raw, out _, out var error).Should().BeFalse();
        error.Should().Be(expected);
    }

    [Theory]
    [InlineData("Ana", "ana")]
    [InlineData("a.b_c-1", "a.b_c-1")]
    [InlineData("a-name-that-is-thirty-two-chars", "a-name-that-is-thirty-two-chars")]
    public void Username_keeps_its_case_for_display_and_ignores_it_for_uniqueness(string raw, string normalized)
    {
        Username.TryParse(raw, out var username, out _).Should().BeTrue();
        username.Display.Should().Be(raw);
        username.Normalized.Should().Be(normalized);
    }
}
