using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using Viv.Accounts;

namespace Viv.Grains.Tests;

/// <summary>What a stored password costs to guess, as configured, and how a stronger setting reaches old hashes.</summary>
public sealed class PasswordsTests
{
    private const string Password = "correct horse battery";

    private static Passwords With(int? iterations = null) =>
        new(Options.Create(iterations is { } count ? new AccountOptions { PasswordHashIterations = count } : new AccountOptions()));

    /// <summary>The iteration count a hash carries: Identity's version 3 format is a marker byte, then PRF, iterations and salt length, big-endian.</summary>
    private static int IterationsOf(string hash) => BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));

    [Fact]
    public void By_default_a_password_is_hashed_with_identitys_hundred_thousand_iterations_and_the_setting_changes_that()
    {
        IterationsOf(With().Hash(Password)).Should().Be(100_000);
        IterationsOf(With(250_000).Hash(Password)).Should().Be(250_000);
    }

    [Fact]
    public void A_hash_weaker_than_the_setting_still_verifies_and_says_it_needs_hashing_again_and_a_wrong_password_never_does()
    {
        var old = With(1_000).Hash(Password);
        var stronger = With(2_000);

        stronger.Verify(old, Password, out var weaker).Should().BeTrue();
        weaker.Should().BeTrue();
        stronger.Verify(old, "not the password", out weaker).Should().BeFalse();
        weaker.Should().BeFalse();
        stronger.Verify(stronger.Hash(Password), Password, out weaker).Should().BeTrue();
        weaker.Should().BeFalse();
        With(1_000).Verify(stronger.Hash(Password), Password, out weaker).Should().BeTrue("a stronger hash than asked for is kept");
        weaker.Should().BeFalse();
    }
}
