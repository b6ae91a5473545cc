using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Viv.Testing;

/// <summary>A native client: registered through the page once, then only the REST API and the hub with its bearer token.</summary>
public sealed class ApiClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ApiClient(Uri baseAddress, Guid id, string username) =>
        (Http, Id, Username) = (new HttpClient { BaseAddress = baseAddress }, id, username);

    public HttpClient Http { get; }

    public Guid Id { get; }

    public string Username { get; }

    public string AccessToken { get; private set; } = "";

    public string RefreshToken { get; private set; } = "";

    /// <summary>Registers a new user and signs in for tokens.</summary>
    public static async Task<ApiClient> Register(Uri baseAddress, string fullName)
    {
        var (session, id, username) = await HubUser.Register(baseAddress, fullName);
        session.Dispose();
        return await SignIn(baseAddress, id, username);
    }

    /// <summary>Another device of an existing user: a session of its own.</summary>
    public static async Task<ApiClient> SignIn(Uri baseAddress, Guid id, string username, string password = VivSession.Password)
    {
        var client = new ApiClient(baseAddress, id, username);
        using var response = await client.Http.PostAsJsonAsync("/api/v1/tokens", new { username, password });
        await client.Keep(response);
        return client;
    }

    /// <summary>Takes the tokens of a 200 answer from /tokens or /tokens/refresh.</summary>
    public async Task Keep(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"No tokens: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var pair = await response.Content.ReadFromJsonAsync<JsonElement>();
        AccessToken = pair.GetProperty("accessToken").GetString()!;
        RefreshToken = pair.GetProperty("refreshToken").GetString()!;
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AccessToken);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body, options: Json);
        }
        return Http.SendAsync(request);
    }

    public async Task<JsonElement> Get(string path)
    {
        using var response = await Send(HttpMethod.Get, path);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
    }

    public async Task Post(string path, object? body = null)
    {
        using var response = await Send(HttpMethod.Post, path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The hub as a native client opens it: WebSockets, the access token in the query string.</summary>
    public HubConnection Hub(string? token = null) =>
        HubConnections.To(Http.BaseAddress!, options => options.AccessTokenProvider = () => Task.FromResult<string?>(token ?? AccessToken));

    public void Dispose() => Http.Dispose();
}
