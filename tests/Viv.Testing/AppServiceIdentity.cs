using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Viv.Testing;

/// <summary>
/// The token endpoint that Azure App Service gives a process with a managed identity, on a loopback
/// port: the process finds it through <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> (see
/// <see cref="Environment"/>) and asks it, with api-version 2019-08-01, for a token for a resource, as
/// DefaultAzureCredential does on Azure. A token is a JWT for the resource asked for (or for
/// <see cref="Audience"/>), from an Entra ID issuer, valid for an hour. It is not signed: Azurite's
/// check does not verify signatures, and nothing else ever sees these tokens.
/// </summary>
public sealed class AppServiceIdentity : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _header = Guid.NewGuid().ToString("N");
    private readonly string _endpoint = $"http://127.0.0.1:{VivServer.FreePort()}/msi/token/";
    private readonly string _tenant = Guid.NewGuid().ToString();

    public AppServiceIdentity(string? audience = null)
    {
        Audience = audience;
        _listener.Prefixes.Add(_endpoint);
        _listener.Start();
        _ = Listening.Serve(_listener, Answer);
    }

    /// <summary>The audience every token names instead of the resource asked for: a token for the wrong service.</summary>
    public string? Audience { get; }

    /// <summary>The resources asked for, one per token given.</summary>
    public ConcurrentQueue<string> Resources { get; } = new();

    /// <summary>Requests refused because they lacked the header or the api-version: a client that does not follow the protocol.</summary>
    public int Refused => _refused;

    private int _refused;

    /// <summary>The variables App Service sets in a process with a managed identity, as settings for <see cref="VivServer"/>.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["IDENTITY_ENDPOINT"] = _endpoint,
        ["IDENTITY_HEADER"] = _header,
    };

    private void Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        var resource = context.Request.QueryString["resource"];
        if (context.Request.Headers["X-IDENTITY-HEADER"] != _header || context.Request.QueryString["api-version"] != "2019-08-01" || resource is null)
        {
            Interlocked.Increment(ref _refused);
            response.StatusCode = (int)HttpStatusCode.BadRequest;
            return;
        }
        Resources.Enqueue(resource);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expires = now + 3600;
        var token = Jwt(new { aud = Audience ?? resource, iss = $"https://sts.windows.net/{_tenant}/", iat = now, nbf = now - 60, exp = expires, tid = _tenant, oid = _header, sub = _header });
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["expires_on"] = expires.ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = _header,
        });
        response.ContentType = "application/json";
        response.OutputStream.Write(body);
    }

    private static string Jwt(object claims) =>
        $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT" }))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}.{Base64Url(Encoding.ASCII.GetBytes("unsigned"))}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _listener.Close();
}
