using Viv.Accounts;

namespace Viv.Grains.Tests;

/// <summary>Registers test accounts with unique names, so tests sharing one cluster never collide.</summary>
internal static class Accounts
{
    public const string Password = "correct horse battery";

    public static Username NewUsername(string prefix = "user") => Parse($"{prefix}-{Guid.NewGuid():N}"[..32]);

    public static Username Parse(string raw)
    {
        Username.TryParse(raw, out var username, out _).Should().BeTrue();
        return username;
    }

    public static async Task<(Username Username, Guid Id)> Register(IGrainFactory grains, string fullName = "Ada Lovelace")
    {
        var username = NewUsername();
        var result = await grains.GetGrain<IUsernameGrain>(username.Normalized).Register(new NewAccount(username, fullName, Password, null));
        result.Error.Should().Be(AccountError.None);
        return (username, result.UserId!.Value);
    }
}
