using Viv.Testing;

namespace Viv.Browser.Tests;

/// <summary>Someone using Viv in their own browser; acts only through what the page shows (the UI contract's names).</summary>
public sealed class Person(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public string Username { get; private set; } = "";

    public static string NewUsername(string prefix = "pw") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public async Task Register(string fullName, FilePayload? picture = null, string? username = null)
    {
        Username = username ?? NewUsername();
        await Page.GotoAsync("/Account/Register");
        await Page.GetByLabel("Username").FillAsync(Username);
        await Page.GetByLabel("Full name").FillAsync(fullName);
        await Page.GetByLabel("Password").FillAsync(Password);
        if (picture is not null)
        {
            await Page.GetByLabel("Profile picture").SetInputFilesAsync(picture);
        }
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }

    public async Task LogIn(string username, string password = Password)
    {
        Username = username;
        await Page.GotoAsync("/Account/Login");
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    public Task LogOut() => Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

    /// <summary>The roster list item holding someone's full name.</summary>
    public ILocator Contact(string fullName) =>
        Page.GetByRole(AriaRole.List, new() { Name = "Contacts", Exact = true }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = fullName });

    public async Task SearchAndAdd(string fullName)
    {
        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).FillAsync(fullName);
        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" }).PressAsync("Enter");
        var result = Page.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = fullName });
        await result.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Expect(result).ToContainTextAsync("Request sent");
    }

    /// <summary>Waits until the page's live connection to Viv is up, as the app marks it on the document.</summary>
    public static Task Connected(IPage page) =>
        Expect(page.Locator("html[data-connection=connected]")).ToHaveCountAsync(1);

    public static FilePayload Picture() => new() { Name = "me.png", MimeType = "image/png", Buffer = TestImages.Png() };

    public static string Screenshot(string name)
    {
        var folder = Path.Combine(VivServer.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
