using System.Net;
using System.Text.Json;

namespace Viv.Web.Tests;

/// <summary>Reads an RFC 9457 answer: the status, the stable code, and that the body is a problem document.</summary>
internal static class ApiProblems
{
    public static async Task<(HttpStatusCode Status, string? Code)> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return (response.StatusCode, $"not a problem document: {response.Content.Headers.ContentType} {text}");
        }
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be((int)response.StatusCode);
        problem.GetProperty("type").GetString().Should().Be("https://viv.invalid/problems/" + problem.GetProperty("code").GetString());
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        return (response.StatusCode, problem.GetProperty("code").GetString());
    }

    public static async Task<(HttpStatusCode Status, string? Code)> Of(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return await Read(response);
    }
}
