using Viv.Testing;

namespace Viv.Browser.Tests;

public sealed class AccountTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Register_with_a_picture_log_out_log_in_and_see_name_and_picture()
    {
        await using var ada = await fixture.NewPerson();

        await ada.Register("Ada Lovelace", Person.Picture());
        await Expect(ada.Page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Ada Lovelace" })).ToBeVisibleAsync();
        await ShowsUploadedPicture(ada.Page, "Ada Lovelace");
        await Person.Connected(ada.Page);
        await ada.Page.ScreenshotAsync(new() { Path = Person.Screenshot("landing.png") });

        await ada.LogOut();
        await Expect(ada.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login$"));
        await Expect(ada.Page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);
        await ada.LogIn(ada.Username);

        await Expect(ada.Page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Ada Lovelace" })).ToBeVisibleAsync();
        await ShowsUploadedPicture(ada.Page, "Ada Lovelace");
    }

    [Fact]
    public async Task A_too_large_picture_is_explained_on_the_page_and_the_form_keeps_the_typing()
    {
        await using var someone = await fixture.NewPerson();

        await someone.Register("Big Picture", new FilePayload { Name = "big.png", MimeType = "image/png", Buffer = TestImages.Oversized() });

        await Expect(someone.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The picture is larger than 2 MB.");
        await Expect(someone.Page.GetByLabel("Username")).ToHaveValueAsync(someone.Username);
        await Expect(someone.Page.GetByLabel("Full name")).ToHaveValueAsync("Big Picture");
    }

    [Fact]
    public async Task A_wrong_password_is_explained_on_the_page()
    {
        await using var someone = await fixture.NewPerson();

        await someone.LogIn(Person.NewUsername("nobody"), "whatever it is");

        await Expect(someone.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong username or password.");
    }

    [Fact]
    public async Task Both_open_tabs_are_told_when_the_account_signs_in_elsewhere()
    {
        await using var laptop = await fixture.NewPerson();
        await laptop.Register("Grace Hopper");
        var secondTab = await laptop.Context.NewPageAsync();
        await secondTab.GotoAsync("/");
        await Person.Connected(laptop.Page);
        await Person.Connected(secondTab);
        await using var phone = await fixture.NewPerson(new ViewportSize { Width = 390, Height = 844 });

        await phone.LogIn(laptop.Username);

        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Grace Hopper" })).ToBeVisibleAsync();
        foreach (var tab in new[] { laptop.Page, secondTab })
        {
            await Expect(tab.GetByRole(AriaRole.Status)).ToContainTextAsync("Your account was signed in elsewhere");
        }
        await Expect(phone.Page.GetByRole(AriaRole.Status)).Not.ToContainTextAsync("signed in elsewhere");
    }

    [Fact]
    public async Task Logging_out_in_one_tab_takes_the_other_tab_to_the_login_page()
    {
        await using var ada = await fixture.NewPerson();
        await ada.Register("Two Tabs");
        var secondTab = await ada.Context.NewPageAsync();
        await secondTab.GotoAsync("/Contacts");
        await Person.Connected(ada.Page);
        await Person.Connected(secondTab);

        await ada.LogOut();

        await Expect(secondTab).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login$"));
        await Expect(secondTab.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(secondTab.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);
        await Expect(ada.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login$"));
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_browser_signed_in_and_signs_the_other_one_out()
    {
        const string newPassword = "a brand new passphrase";
        await using var laptop = await fixture.NewPerson();
        await laptop.Register("Key Changer");
        await using var phone = await fixture.NewPerson(new ViewportSize { Width = 390, Height = 844 });
        await phone.LogIn(laptop.Username);
        await Person.Connected(phone.Page);
        await Person.Connected(laptop.Page);
        var page = laptop.Page;

        await page.GetByRole(AriaRole.Region, new() { Name = "Settings" }).GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("not my password");
        await page.GetByLabel("New password").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That is not your current password.");
        await page.GetByLabel("Current password").FillAsync(Person.Password);
        await page.GetByLabel("New password").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(page.GetByText("Your password is changed.")).ToBeVisibleAsync();
        await Expect(phone.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login$"));
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Key Changer" })).ToBeVisibleAsync();
        await phone.LogIn(laptop.Username, newPassword);
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = "Hello, Key Changer" })).ToBeVisibleAsync();
    }

    private static async Task ShowsUploadedPicture(IPage page, string fullName)
    {
        var picture = page.GetByRole(AriaRole.Img, new() { Name = fullName });
        await Expect(picture).ToBeVisibleAsync();
        await Expect(picture).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex(@"/picture\?v=1$"));
        await Expect(picture).ToHaveJSPropertyAsync("naturalWidth", 256);
    }
}
