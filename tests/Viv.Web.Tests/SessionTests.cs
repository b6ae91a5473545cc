using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Web.Tests;

/// <summary>
/// Issue 18: every sign-in is a session kept on the server. Ending it (Log out, DELETE
/// /api/v1/tokens/current, Sign out everywhere, a password change) works at once: the cookie or
/// token opens no page, picture, API or hub afterwards, and the hub connections it opened are
/// closed by the server.
/// </summary>
public sealed class SessionTests(ServerFixture fixture)
{
    private const string NewPassword = "a brand new passphrase";

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private Uri Viv => fixture.Server.BaseAddress;

    [Fact]
    public async Task Logging_out_ends_the_session_a_copy_of_the_cookie_opens_no_page_picture_or_hub_and_a_second_tabs_connection_is_closed()
    {
        await using var ada = await HubUser.SignIn(fixture.Server, "Logging Out");
        await using var secondTab = ada.Session.Hub();
        await secondTab.StartAsync(TestContext.Current.CancellationToken);
        var (firstTabClosed, secondTabClosed) = (ada.Hub.Closing(), secondTab.Closing());
        using var copy = ada.Session.CopyOfCookies();
        using var before = await copy.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken);

        using var loggedOut = await ada.Session.LogOut();

        await secondTabClosed.WaitAsync(Soon, TestContext.Current.CancellationToken);
        await firstTabClosed.WaitAsync(Soon, TestContext.Current.CancellationToken);
        before.StatusCode.Should().Be(HttpStatusCode.OK, "the copy worked while the session lasted");
        loggedOut.Headers.Location!.OriginalString.Should().Be("/Account/Login");
        await SentToLogin(copy.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken));
        await SentToLogin(copy.Http.GetAsync($"/users/{ada.Id}/picture", TestContext.Current.CancellationToken));
        await Refused(copy.Hub());
        var invoke = () => secondTab.InvokeAsync<string>("Node", TestContext.Current.CancellationToken);
        await invoke.Should().ThrowAsync<InvalidOperationException>("the server closed the second tab's connection");
    }

    [Fact]
    public async Task Signing_out_a_token_closes_the_hub_connections_opened_with_it_and_the_accounts_other_sessions_stay_connected()
    {
        using var phone = await ApiClient.Register(Viv, "Token Leaving");
        using var tablet = await ApiClient.SignIn(Viv, phone.Id, phone.Username);
        await using var phoneHub = phone.Hub();
        await using var tabletHub = tablet.Hub();
        await phoneHub.StartAsync(TestContext.Current.CancellationToken);
        await tabletHub.StartAsync(TestContext.Current.CancellationToken);
        var phoneHubClosed = phoneHub.Closing();

        using var signedOut = await phone.Send(HttpMethod.Delete, "/api/v1/tokens/current");

        await phoneHubClosed.WaitAsync(Soon, TestContext.Current.CancellationToken);
        signedOut.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var invoke = () => phoneHub.InvokeAsync<string>("Node", TestContext.Current.CancellationToken);
        await invoke.Should().ThrowAsync<InvalidOperationException>();
        await Refused(phone.Hub());
        (await tabletHub.InvokeAsync<string>("Node", TestContext.Current.CancellationToken)).Should().NotBeNullOrEmpty();
        tabletHub.State.Should().Be(HubConnectionState.Connected);
    }

    [Fact]
    public async Task Changing_the_password_on_the_page_ends_every_other_session_and_its_connections_and_keeps_this_one()
    {
        await using var devices = await ThreeDevices("Changing Password");
        var (here, laptop, phone) = (devices.Here, devices.Laptop, devices.Phone);
        var (laptopClosed, phoneClosed) = (devices.LaptopHub.Closing(), devices.PhoneHub.Closing());

        using var changed = await here.Session.ChangePassword(VivSession.Password, NewPassword);

        await laptopClosed.WaitAsync(Soon, TestContext.Current.CancellationToken);
        await phoneClosed.WaitAsync(Soon, TestContext.Current.CancellationToken);
        changed.Headers.Location!.OriginalString.Should().Be("/Account/Password?changed=true");
        (await here.Session.Http.GetStringAsync(changed.Headers.Location.OriginalString, TestContext.Current.CancellationToken))
            .Should().Contain("Your password is changed.");
        await SentToLogin(laptop.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken));
        (await ApiProblems.Of(phone.Send(HttpMethod.Get, "/api/v1/me"))).Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
        (await ApiProblems.Of(phone.Http.PostAsJsonAsync("/api/v1/tokens/refresh", new { refreshToken = phone.RefreshToken }, TestContext.Current.CancellationToken)))
            .Should().Be((HttpStatusCode.Unauthorized, "session_revoked"));
        using var stillHere = await here.Session.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken);
        stillHere.StatusCode.Should().Be(HttpStatusCode.OK);
        (await here.Hub.InvokeAsync<string>("Node", TestContext.Current.CancellationToken)).Should().NotBeNullOrEmpty();
        using var someoneElse = fixture.NewSession();
        (await someoneElse.LogIn(here.Username)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the old password is gone");
        (await someoneElse.LogIn(here.Username, NewPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Changing_the_password_through_the_api_keeps_the_token_that_changed_it_and_ends_the_browsers_session()
    {
        using var phone = await ApiClient.Register(Viv, "Api Password");
        using var browser = fixture.NewSession();
        await browser.LogIn(phone.Username);
        await using var browserHub = browser.Hub();
        await browserHub.StartAsync(TestContext.Current.CancellationToken);
        var browserClosed = browserHub.Closing();

        using var changed = await phone.Send(HttpMethod.Put, "/api/v1/me/password", new { currentPassword = VivSession.Password, newPassword = NewPassword });

        await browserClosed.WaitAsync(Soon, TestContext.Current.CancellationToken);
        changed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await SentToLogin(browser.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken));
        (await phone.Get("/api/v1/me")).GetProperty("id").GetGuid().Should().Be(phone.Id);
        using (var refreshed = await phone.Http.PostAsJsonAsync("/api/v1/tokens/refresh", new { refreshToken = phone.RefreshToken }, TestContext.Current.CancellationToken))
        {
            await phone.Keep(refreshed);
        }
        (await phone.Get("/api/v1/me")).GetProperty("id").GetGuid().Should().Be(phone.Id);
    }

    [Fact]
    public async Task Bad_password_changes_get_clear_errors_and_change_nothing()
    {
        using var phone = await ApiClient.Register(Viv, "Bad Changes");
        using var browser = fixture.NewSession();
        await browser.LogIn(phone.Username);
        Task<(HttpStatusCode Status, string? Code)> Api(object body) => ApiProblems.Of(phone.Send(HttpMethod.Put, "/api/v1/me/password", body));

        (await Api(new { currentPassword = "not the password", newPassword = NewPassword })).Should().Be((HttpStatusCode.Forbidden, "current_password_wrong"));
        (await Api(new { currentPassword = VivSession.Password, newPassword = "short" })).Should().Be((HttpStatusCode.BadRequest, "password_too_short"));
        (await Api(new { currentPassword = VivSession.Password, newPassword = VivSession.Password })).Should().Be((HttpStatusCode.BadRequest, "password_unchanged"));
        (await Api(new { currentPassword = "", newPassword = NewPassword })).Should().Be((HttpStatusCode.BadRequest, "current_password_missing"));
        (await Api(new { newPassword = NewPassword })).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        (await Api(new { currentPassword = VivSession.Password })).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        using var wrongOnPage = await browser.ChangePassword("not the password", NewPassword);
        using var shortOnPage = await browser.ChangePassword(VivSession.Password, "short");

        wrongOnPage.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await VivSession.Alert(wrongOnPage)).Should().Be("That is not your current password.");
        shortOnPage.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await VivSession.Alert(shortOnPage)).Should().Be("A password has at least 8 characters.");
        (await phone.Get("/api/v1/me")).GetProperty("id").GetGuid().Should().Be(phone.Id);
        using var browserStillIn = await browser.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken);
        browserStillIn.StatusCode.Should().Be(HttpStatusCode.OK);
        using var oldPasswordStillWorks = await ApiClient.SignIn(Viv, phone.Id, phone.Username);
    }

    [Fact]
    public async Task Five_wrong_current_passwords_lock_the_account_as_five_wrong_sign_ins_do()
    {
        using var phone = await ApiClient.Register(Viv, "Guessing Thief");
        var answers = new List<(HttpStatusCode Status, string? Code)>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await ApiProblems.Of(phone.Send(HttpMethod.Put, "/api/v1/me/password", new { currentPassword = $"guess number {i}", newPassword = NewPassword })));
        }
        using var anonymous = new HttpClient { BaseAddress = Viv };
        using var signIn = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { username = phone.Username, password = VivSession.Password }, TestContext.Current.CancellationToken);

        answers.Take(4).Should().AllBeEquivalentTo((HttpStatusCode.Forbidden, "current_password_wrong"));
        answers[4].Should().Be(((HttpStatusCode)429, "locked_out"));
        (await ApiProblems.Read(signIn)).Should().Be(((HttpStatusCode)429, "locked_out"), "even the right password waits out the lock");
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_of_the_account_and_closes_all_their_connections()
    {
        await using var devices = await ThreeDevices("Everywhere");
        var (here, laptop, phone) = (devices.Here, devices.Laptop, devices.Phone);
        using var copy = here.Session.CopyOfCookies();
        var closed = new[] { here.Hub.Closing(), devices.LaptopHub.Closing(), devices.PhoneHub.Closing() };

        using var loggedOut = await here.Session.SignOutEverywhere();

        await Task.WhenAll(closed).WaitAsync(Soon, TestContext.Current.CancellationToken);
        loggedOut.Headers.Location!.OriginalString.Should().Be("/Account/Login");
        await SentToLogin(copy.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken));
        await SentToLogin(laptop.Http.GetAsync("/Contacts", TestContext.Current.CancellationToken));
        (await ApiProblems.Of(phone.Send(HttpMethod.Get, "/api/v1/me"))).Should().Be((HttpStatusCode.Unauthorized, "invalid_token"));
    }

    /// <summary>One account signed in three times, each with its hub open: this browser, another browser, and a native client.</summary>
    private async Task<Devices> ThreeDevices(string fullName)
    {
        var here = await HubUser.SignIn(fixture.Server, fullName);
        var laptop = fixture.NewSession();
        await laptop.LogIn(here.Username);
        var laptopHub = laptop.Hub();
        await laptopHub.StartAsync(TestContext.Current.CancellationToken);
        var phone = await ApiClient.SignIn(Viv, here.Id, here.Username);
        var phoneHub = phone.Hub();
        await phoneHub.StartAsync(TestContext.Current.CancellationToken);
        return new Devices(here, laptop, laptopHub, phone, phoneHub);
    }

    private sealed record Devices(HubUser Here, VivSession Laptop, HubConnection LaptopHub, ApiClient Phone, HubConnection PhoneHub) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await PhoneHub.DisposeAsync();
            await LaptopHub.DisposeAsync();
            await Here.DisposeAsync();
            Phone.Dispose();
            Laptop.Dispose();
        }
    }

    private static async Task SentToLogin(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
    }

    private static async Task Refused(HubConnection hub)
    {
        await using (hub)
        {
            var start = () => hub.StartAsync(TestContext.Current.CancellationToken);
            (await start.Should().ThrowAsync<System.Net.WebSockets.WebSocketException>()).WithMessage("*'401'*");
        }
    }
}
