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

        profile.Should().BeEquivalentTo(new UserProfile(id, username.Normalized, "Grace Hopper", null));
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
    [InlineData("\u3164\u115F\uFFA0 \U000E0041\U000E0064\u034F\uFE00", AccountError.FullNameEmpty)]
    [InlineData("Bad\u0007Bell", AccountError.FullNameCharacters)]
    [InlineData("Private\uE000Use", AccountError.FullNameCharacters)]
    [InlineData("Hidden \uFFF9annotation\uFFFB", AccountError.FullNameCharacters)]
    [InlineData("Number sign \u0600", AccountError.FullNameCharacters)]
    [InlineData("Unassigned \u0378", AccountError.FullNameCharacters)]
    [InlineData("Broken \uFFFD", AccountError.FullNameCharacters)]
    [InlineData("P\u0430ypal Support", AccountError.FullNameMixedScripts)]
    [InlineData("\u0391lice Smith", AccountError.FullNameMixedScripts)]
    [InlineData("g\u0585\u0585gle", AccountError.FullNameMixedScripts)]
    [InlineData("Agent 00\u0667", AccountError.FullNameMixedScripts)]
    [InlineData("Rene\u0301\u0301", AccountError.FullNameMarks)]
    [InlineData("Li\u0307nda", AccountError.FullNameMarks)]
    [InlineData("Z\u0300\u0301\u0302\u0303\u0304algo", AccountError.FullNameMarks)]
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
    public async Task Full_name_with_a_broken_surrogate_is_refused()
    {
        var username = Accounts.NewUsername();
        var names = _grains.GetGrain<IUsernameGrain>(username.Normalized);

        (await names.Register(new NewAccount(username, "Ada \uD800Lovelace", Accounts.Password, null)))
            .Should().Be(RegistrationResult.Refused(AccountError.FullNameCharacters));
        (await names.GetUserId()).Should().BeNull();
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
    // Scripts may differ from word to word, and Latin may sit with Han in one.
    [InlineData("Ivan Петров")]
    [InlineData("Tanaka田中 Taro")]
    [InlineData("Jean-Luc O'Brien")]
    // Four marks on a letter: Hebrew with its vowel, dagesh and cantillation.
    [InlineData("\u05D1\u05B0\u05BC\u05BD\u0591")]
    // An emoji keeps the selector that asks for its colour form.
    [InlineData("\u2764\uFE0F Ada")]
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
    [InlineData("Ana\u034FBel\u2064", "AnaBel")]
    [InlineData("Ana\u3164 Bel\u115F\u1160\uFFA0", "Ana Bel")]
    [InlineData("Ana\uFE00\uFE0F Bel\U000E0041\U000E0064\u180E", "Ana Bel")]
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F Ana", "\U0001F3F4 Ana")]
    [InlineData(" Ana\t\tBel\r\n\u2028Cy\u3000\u00A0Dee ", "Ana Bel Cy Dee")]
    public async Task Full_name_loses_every_character_nobody_sees(string typed, string kept)
    {
        var (_, id) = await Accounts.Register(_grains, typed);

        (await _grains.GetGrain<IUserGrain>(id).GetProfile())!.FullName.Should().Be(kept);
    }

    [Theory]
    [InlineData("\uFF4A\uFF4F\uFF48\uFF4E \uFF33\uFF4D\uFF49\uFF54\uFF48", "john Smith")]
    [InlineData("\uFB01ona", "fiona")]
    [InlineData("\U0001D400\U0001D41D\U0001D41A", "Ada")]
    [InlineData("\u210Celen", "Helen")]
    [InlineData("Rene\u200B\u0301", "Ren\u00E9")]
    public async Task Full_name_is_kept_in_its_plain_compatibility_form(string typed, string kept)
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
    [InlineData("ана")]
    [InlineData("аlice")]
    [InlineData("ａlice")]
    [InlineData("alice​")]
    [InlineData("Kelvin")]
    public void Username_in_another_script_or_with_invisible_characters_is_refused(string raw)
    {
        Username.TryParse(raw, out _, out var error).Should().BeFalse();
        error.Should().Be(AccountError.UsernameCharacters);
    }

    [Theory]
    [InlineData("Ana", "ana")]
    [InlineData("AIice", "aiice")]
    [InlineData("a.b_c-1", "a.b_c-1")]
    [InlineData("a-name-that-is-thirty-two-chars", "a-name-that-is-thirty-two-chars")]
    public void Username_is_folded_to_lower_case_so_a_capital_I_cannot_pass_for_an_l(string raw, string folded)
    {
        Username.TryParse(raw, out var username, out _).Should().BeTrue();
        username.Normalized.Should().Be(folded);
    }

    [Fact]
    public async Task Registered_username_is_shown_folded()
    {
        var typed = $"AIice-{Guid.NewGuid():N}"[..24];
        var username = Accounts.Parse(typed);
        var names = _grains.GetGrain<IUsernameGrain>(username.Normalized);
        var id = (await names.Register(new NewAccount(username, "Alice", Accounts.Password, null))).UserId!.Value;

        (await _grains.GetGrain<IUserGrain>(id).GetProfile())!.Username.Should().Be(typed.ToLowerInvariant());
    }
}
