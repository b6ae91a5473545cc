using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Testing;

/// <summary>One visitor: an HttpClient with its own cookie jar that fills in Viv's forms as a browser would.</summary>
public sealed partial class VivSession(Uri baseAddress) : IDisposable
{
    public const string Password = "correct horse battery";

    public CookieContainer Cookies { get; } = new();

    private HttpClient? _http;

    public HttpClient Http => _http ??= new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
    };

    public static string NewUsername(string prefix = "web") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public async Task<HttpResponseMessage> Register(string username, string fullName = "Ada Lovelace", string password = Password,
        (byte[] Bytes, string FileName, string ContentType)? picture = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(await Antiforgery("/Account/Register")), "__RequestVerificationToken" },
            { new StringContent(username), "Username" },
            { new StringContent(fullName), "FullName" },
            { new StringContent(password), "Password" },
        };
        if (picture is { } p)
        {
            var file = new ByteArrayContent(p.Bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(p.ContentType);
            form.Add(file, "Picture", p.FileName);
        }
        return await Http.PostAsync("/Account/Register", form);
    }

    public async Task<HttpResponseMessage> LogIn(string username, string password = Password, string? returnUrl = null) =>
        await Http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await Antiforgery("/Account/Login"),
            ["Username"] = username,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl ?? "",
        }));

    public async Task<HttpResponseMessage> LogOut() =>
        await Http.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await Antiforgery("/"),
        }));

    /// <summary>The Sign out everywhere button in the home page's settings.</summary>
    public async Task<HttpResponseMessage> SignOutEverywhere() =>
        await Http.PostAsync("/Account/Logout?handler=Everywhere", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await Antiforgery("/"),
        }));

    public async Task<HttpResponseMessage> ChangePassword(string current, string replacement) =>
        await Http.PostAsync("/Account/Password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await Antiforgery("/Account/Password"),
            ["CurrentPassword"] = current,
            ["NewPassword"] = replacement,
        }));

    public HubConnection Hub() => HubConnections.To(baseAddress, options => options.Cookies = Cookies);

    /// <summary>Another visitor holding a copy of this one's cookies, as whoever copied the session cookie would.</summary>
    public VivSession CopyOfCookies()
    {
        var copy = new VivSession(baseAddress);
        copy.Cookies.Add(Cookies.GetAllCookies());
        return copy;
    }

    public async Task<string> Antiforgery(string page)
    {
        var html = await Http.GetStringAsync(page);
        return AntiforgeryField().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"No antiforgery token on {page}");
    }

    public static async Task<string> Alert(HttpResponseMessage response) =>
        AlertText().Match(await response.Content.ReadAsStringAsync()) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : "";

    public void Dispose() => _http?.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("role=\"alert\">([^<]*)<")]
    private static partial Regex AlertText();
}
