using System.Net;
using static Viv.Web.Tests.ApiBodies;

namespace Viv.Web.Tests;

/// <summary>
/// Viv as a person hosting it starts it, with the README's command, must be safe to expose: no
/// developer exception page, whatever the request. And even a developer's Development run answers
/// the API's bad input as the API always does.
/// </summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task The_readme_command_answers_a_wrong_json_type_with_invalid_request_the_security_headers_and_no_stack_trace()
    {
        await using var server = await VivServer.StartAsTheReadmeSays();

        await ShouldAnswerInvalidRequest(server);
    }

    [Fact]
    public async Task Even_in_development_a_wrong_json_type_gets_invalid_request_and_never_the_developer_exception_page()
    {
        await using var server = await VivServer.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        await ShouldAnswerInvalidRequest(server);
    }

    private static async Task ShouldAnswerInvalidRequest(VivServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var answer = await http.PostAsync("/api/v1/tokens", RawJson("""{"username":5}"""));
        var body = await answer.Content.ReadAsStringAsync();

        (await ApiProblems.Read(answer)).Should().Be((HttpStatusCode.BadRequest, "invalid_request"));
        body.Should().NotContain("Exception").And.NotContain("   at ", "no stack trace reaches the client");
        SecurityHeaderTests.ShouldCarryTheSecurityHeaders(answer, "the API's error answer");
    }
}
