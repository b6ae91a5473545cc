using Microsoft.AspNetCore.Http.Features;

namespace Viv.Web.Api;

/// <summary>Endpoint metadata: the largest request body an API endpoint reads (JSON bodies get <see cref="Json"/>).</summary>
public sealed record BodyLimit(long Bytes)
{
    public static readonly BodyLimit Json = new(64 * 1024);

    /// <summary>
    /// Refuses a declared oversized body before reading it and caps one sent in chunks; the
    /// framework's bare statuses (400 for unreadable JSON, 404, 405, 413, 415) become problem details.
    /// </summary>
    public static async Task Enforce(HttpContext context, RequestDelegate next)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() ?? Json;
        if (context.Request.ContentLength > limit.Bytes)
        {
            await ApiProblem.Write(context, StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The request body can be at most {limit.Bytes:N0} bytes.");
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit.Bytes;
        }
        await next(context);
        if (context.Response is { HasStarted: false, StatusCode: >= 400 } response && response.ContentLength is null)
        {
            var (code, detail) = ApiProblem.ForStatus(response.StatusCode);
            await ApiProblem.Write(context, response.StatusCode, code, detail);
        }
    }
}
