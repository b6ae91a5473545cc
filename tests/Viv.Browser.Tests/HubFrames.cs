using System.Text.RegularExpressions;

namespace Viv.Browser.Tests;

/// <summary>What a test standing between a page and Viv's hub needs to know of its frames.</summary>
internal static partial class HubFrames
{
    /// <summary>SignalR's JSON protocol ends every message with this character; one frame may carry several.</summary>
    public const char End = '\u001e';

    /// <summary>The address of Viv's hub, for <c>IPage.RouteWebSocketAsync</c>.</summary>
    [GeneratedRegex("/hub(\\?|$)")]
    public static partial Regex Hub();

    /// <summary>The messages of one frame.</summary>
    public static string[] Messages(string frame) => frame.Split(End, StringSplitOptions.RemoveEmptyEntries);
}
