using Viv.Accounts;
using Viv.Testing;

namespace Viv.Grains.Tests.Storage;

/// <summary>
/// Two clusters on one Azure Storage account, each with its own cluster id (which Viv makes the
/// service id that keys every row, and the start of every container name), never see each other.
/// </summary>
public sealed class SharedAccountTests : IAsyncLifetime
{
    private Azurite _azurite = null!;
    private AzureBackend _first = null!, _second = null!;

    public async ValueTask InitializeAsync()
    {
        _azurite = await Azurite.Start();
        (_first, _second) = (new AzureBackend(_azurite), new AzureBackend(_azurite));
        await _first.InitializeAsync();
        await _second.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Two_clusters_on_one_account_never_see_each_others_users_names_or_directory()
    {
        var tag = $"zq{Guid.NewGuid():N}"[..10];
        var username = Accounts.NewUsername("shared");
        var first = await _first.Client.GetGrain<IUsernameGrain>(username.Normalized).Register(new NewAccount(username, $"Zelda {tag}", Accounts.Password, null));
        var searcherInFirst = await Member.Register(_first.Client);
        var searcherInSecond = await Member.Register(_second.Client);

        var second = await _second.Client.GetGrain<IUsernameGrain>(username.Normalized).Register(new NewAccount(username, "Someone Else", Accounts.Password, null));

        first.Error.Should().Be(AccountError.None);
        second.Error.Should().Be(AccountError.None, "the username is free in the other cluster");
        second.UserId.Should().NotBe(first.UserId!.Value);
        (await _second.Client.GetGrain<IUserGrain>(first.UserId.Value).GetProfile()).Should().BeNull("the first cluster's account does not exist in the second");
        (await searcherInFirst.ContactList.Search(tag, 0)).Results.Select(r => r.Profile.Id).Should().Equal(first.UserId.Value);
        (await searcherInSecond.ContactList.Search(tag, 0)).Results.Should().BeEmpty("the second cluster's directory holds only its own people");
    }
}
