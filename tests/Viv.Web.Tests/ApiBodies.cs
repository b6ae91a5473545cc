using System.Net.Http.Headers;

namespace Viv.Web.Tests;

/// <summary>Request bodies exactly as written, for answers to bodies no client library would send.</summary>
internal static class ApiBodies
{
    public static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    public static StringContent RawJson(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
