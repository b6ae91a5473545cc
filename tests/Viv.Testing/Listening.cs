using System.Net;

namespace Viv.Testing;

/// <summary>The loop of a test's own HTTP service on loopback: each request to <c>answer</c>, until the listener stops.</summary>
internal static class Listening
{
    public static async Task Serve(HttpListener listener, Action<HttpListenerContext> answer)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            answer(context);
        }
    }
}
