using System.Text.Json;
using Viv.Accounts;
using Viv.Push;

namespace Viv.VideoMessages;

/// <summary>What a new message pushes to its recipient's devices: who left one, and which kind; worth a day.</summary>
internal static class VideoMessagePushes
{
    public static PushNotice Left(VideoMessageEntry entry, UserProfile from) => new(
        JsonSerializer.Serialize(new { type = "videoMessage", messageId = entry.Id, kind = entry.Kind == Calls.CallKind.Video ? "video" : "voice", from = PushPeople.Shown(from) }),
        (int)TimeSpan.FromDays(1).TotalSeconds,
        Urgent: false,
        Topic: entry.Id.ToString("N"));
}
