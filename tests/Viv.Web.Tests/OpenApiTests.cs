using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Viv.Web.Tests;

/// <summary>
/// The OpenAPI document against the routes the app really maps: the app runs in this process so
/// its endpoint table can be read, and every operation the document names is called without a token.
/// </summary>
public sealed class OpenApiTests(OpenApiTests.App app) : IClassFixture<OpenApiTests.App>
{
    /// <summary>The app in this process, once for the class.</summary>
    public sealed class App : IAsyncDisposable
    {
        private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("viv-openapi-");

        public App() => Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Production")
            .UseSetting("Viv:DataDirectory", _data.FullName)
            .UseSetting("Viv:SiloPort", VivServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Viv:GatewayPort", VivServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        public WebApplicationFactory<Program> Factory { get; }

        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            _data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_document_parses_lists_every_api_route_and_describes_its_auth_and_errors()
    {
        using var http = app.Factory.CreateClient();
        var json = await http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        var mapped = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet();

        read.Diagnostic!.Errors.Should().BeEmpty();
        var document = read.Document!;
        var described = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (Key: $"{o.Key.Method.ToUpperInvariant()} {p.Key}", Operation: o.Value))).ToList();
        described.Select(d => d.Key).Should().BeEquivalentTo(mapped);
        mapped.Should().HaveCountGreaterThan(20);
        document.Components!.SecuritySchemes![BearerScheme].Scheme.Should().Be("bearer");
        foreach (var (key, operation) in described)
        {
            var anonymous = key is "POST /api/v1/tokens" or "POST /api/v1/tokens/refresh";
            operation.Summary.Should().NotBeNullOrWhiteSpace(key);
            if (anonymous)
            {
                operation.Security.Should().BeEmpty(key);
                operation.Responses!.Keys.Should().Contain(["400", "401"], key);
            }
            else
            {
                operation.Responses!.Keys.Should().Contain("401", key);
                (document.Security!.Count > 0 || operation.Security?.Count > 0).Should().BeTrue(key);
            }
        }
    }

    [Fact]
    public async Task Every_operation_but_signing_in_answers_401_problem_details_without_a_token()
    {
        using var http = app.Factory.CreateClient();
        var document = OpenApiDocument.Parse(await http.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken), OpenApiConstants.Json, new OpenApiReaderSettings()).Document!;

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, _) in item.Operations!)
            {
                if (path.StartsWith("/api/v1/tokens", StringComparison.Ordinal) && method != HttpMethod.Delete)
                {
                    continue;
                }
                var concrete = path.Replace("{userId}", Guid.NewGuid().ToString()).Replace("{meetingId}", Guid.NewGuid().ToString()).Replace("{id}", Guid.NewGuid().ToString());
                using var request = new HttpRequestMessage(method, concrete);
                var (status, code) = await ApiProblems.Read(await http.SendAsync(request, TestContext.Current.CancellationToken));
                (status, code).Should().Be((HttpStatusCode.Unauthorized, "unauthenticated"), $"{method} {path}");
            }
        }
    }

    private const string BearerScheme = "Bearer";

    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/');
}
