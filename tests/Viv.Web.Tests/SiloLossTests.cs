using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Viv.Web.Hosting;

namespace Viv.Web.Tests;

/// <summary>
/// What a request gets when a grain call it makes meets a silo that just died (<see cref="SiloLoss"/>):
/// a read is tried once more, anything else is told to come back. The cluster tier kills real silos;
/// here the failing call is arranged, to pin down which requests are tried again and what they keep.
/// </summary>
public sealed class SiloLossTests
{
    /// <summary>Runs one request through the middleware; the page behind it fails as often as <paramref name="failures"/> says.</summary>
    private static async Task<(HttpContext Context, int Tries, string Body)> Request(string method, int failures, Exception? failure = null)
    {
        var tries = 0;
        var context = new DefaultHttpContext { Request = { Method = method, Path = "/Contacts" }, Response = { Body = new MemoryStream() } };
        context.Response.Headers[Pipeline.NodeHeader] = "web-1";
        var loss = new SiloLoss(async page =>
        {
            page.Response.Headers["X-Set-By-The-Page"] = $"try {++tries}";
            if (tries <= failures)
            {
                throw failure ?? new SiloUnavailableException("The target silo is no longer active");
            }
            await page.Response.WriteAsync("the contacts");
        }, NullLogger<SiloLoss>.Instance);

        await loss.InvokeAsync(context);

        context.Response.Body.Position = 0;
        return (context, tries, await new StreamReader(context.Response.Body).ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_read_that_meets_a_lost_silo_is_tried_once_more_and_answered_with_only_the_second_tries_headers()
    {
        var (context, tries, body) = await Request("GET", failures: 1);

        (tries, context.Response.StatusCode, body).Should().Be((2, 200, "the contacts"));
        context.Response.Headers[Pipeline.NodeHeader].ToString().Should().Be("web-1", "what was set before the page stays");
        context.Response.Headers["X-Set-By-The-Page"].ToString().Should().Be("try 2", "nothing of the failed try is left");
    }

    [Fact]
    public async Task A_read_that_meets_a_lost_silo_twice_is_told_to_come_back()
    {
        var (context, tries, _) = await Request("GET", failures: 2);

        (tries, context.Response.StatusCode).Should().Be((2, 503));
        context.Response.Headers.RetryAfter.ToString().Should().Be("2");
        context.Response.Headers[Pipeline.NodeHeader].ToString().Should().Be("web-1");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_write_that_meets_a_lost_silo_is_never_tried_again_and_is_told_to_come_back(string method)
    {
        var (context, tries, body) = await Request(method, failures: 1, new InvalidOperationException("A grain call failed", new SiloUnavailableException("The target silo is no longer active")));

        (tries, context.Response.StatusCode).Should().Be((1, 503), "part of a write may have happened before the failing call");
        context.Response.Headers.RetryAfter.ToString().Should().Be("2");
        body.Should().Contain("Try again in a few seconds");
    }

    [Fact]
    public async Task A_write_whose_gateway_silo_cannot_be_reached_is_told_to_come_back()
    {
        var (context, tries, body) = await Request("POST", failures: 1, new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to S127.0.0.1:30001:0, will retry after 993.9598ms"));

        (tries, context.Response.StatusCode).Should().Be((1, 503), "the cluster is taking over a dead silo, as ClusterTests' kill showed");
        context.Response.Headers.RetryAfter.ToString().Should().Be("2");
        body.Should().Contain("Try again in a few seconds");
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_error_page()
    {
        var failing = () => Request("GET", failures: 1, new InvalidOperationException("a bug"));

        await failing.Should().ThrowAsync<InvalidOperationException>();
    }
}
