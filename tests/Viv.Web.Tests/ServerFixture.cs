
[assembly: AssemblyFixture(typeof(Viv.Web.Tests.ServerFixture))]
[assembly: TestCollectionOrderer(typeof(Viv.Testing.LongClassesFirst))]

namespace Viv.Web.Tests;

/// <summary>One Viv process for the whole tier; every test makes its own users, so tests never share state.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public VivServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await VivServer.Start();

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    public VivSession NewSession() => new(Server.BaseAddress);
}
