namespace Viv.VideoMessages;

/// <summary>Keyed by the recipient's user id: the messages left for them, kept for 30 days, the oldest going first past the quota.</summary>
[Alias("viv.IVideoMessageBoxGrain")]
public interface IVideoMessageBoxGrain : IGrainWithGuidKey
{
    /// <summary>From the sender's offers grain: a message stored, to list and tell about.</summary>
    [Alias("Receive")]
    Task Receive(VideoMessageEntry entry);

    /// <summary>Newest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<VideoMessage>> List();

    [Alias("GetUnseenCount")]
    Task<int> GetUnseenCount();

    /// <summary>The message's file, decrypted; it counts as played.</summary>
    [Alias("Open")]
    Task<VideoMessageFile?> Open(Guid messageId);

    [Alias("Delete")]
    Task<bool> Delete(Guid messageId);
}

/// <summary>A message as its recipient's box keeps it: who left it, what it is, and the key its file is encrypted with.</summary>
[GenerateSerializer, Immutable, Alias("viv.video-message-entry")]
public sealed record VideoMessageEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid From,
    [property: Id(2)] Calls.CallKind Kind,
    [property: Id(3)] DateTimeOffset LeftAt,
    [property: Id(4)] TimeSpan Duration,
    [property: Id(5)] long Size,
    [property: Id(6)] string ContentType,
    [property: Id(7)] byte[] Key,
    [property: Id(8)] bool Seen = false);
