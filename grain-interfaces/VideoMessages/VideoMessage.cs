using Viv.Accounts;
using Viv.Calls;

namespace Viv.VideoMessages;

/// <summary>A message left for me, as I see it listed: who left it, when, how long, whether I played it, until when it is kept.</summary>
[GenerateSerializer, Immutable, Alias("viv.video-message")]
public sealed record VideoMessage(
    [property: Id(0)] Guid Id,
    [property: Id(1)] UserProfile From,
    [property: Id(2)] CallKind Kind,
    [property: Id(3)] DateTimeOffset LeftAt,
    [property: Id(4)] TimeSpan Duration,
    [property: Id(5)] long Size,
    [property: Id(6)] bool Seen,
    [property: Id(7)] DateTimeOffset ExpiresAt);

/// <summary>A message's file, decrypted, and what to serve it as.</summary>
[GenerateSerializer, Immutable, Alias("viv.video-message-file")]
public sealed record VideoMessageFile([property: Id(0)] string ContentType, [property: Id(1)] byte[] Content);

/// <summary>The chance to leave a message after a call that nobody answered: for whom, which kind, until when.</summary>
[GenerateSerializer, Immutable, Alias("viv.video-message-offer")]
public sealed record VideoMessageOffer(
    [property: Id(0)] Guid OfferId,
    [property: Id(1)] Guid Recipient,
    [property: Id(2)] CallKind Kind,
    [property: Id(3)] DateTimeOffset ExpiresAt);

/// <summary>What became of a message left: its id, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("viv.video-message-left")]
public sealed record VideoMessageLeft([property: Id(0)] VideoMessageError Error, [property: Id(1)] Guid Id = default);

public enum VideoMessageError
{
    None,

    /// <summary>No offer of mine with that id: never made, already used, or expired. All read the same.</summary>
    NoOffer,

    /// <summary>Not a WebM/Matroska or MP4 recording of codecs a browser plays (read from its bytes), or empty.</summary>
    NotMedia,

    /// <summary>A recording with video where the offer was for a voice message.</summary>
    VideoForVoice,

    /// <summary>Larger than <see cref="VideoMessageLimits.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>Longer than <see cref="VideoMessageLimits.MaxDuration"/>.</summary>
    TooLong,

    /// <summary>The sender left as many messages this hour as they may.</summary>
    TooMany,

    /// <summary>No message of mine with that id.</summary>
    NotFound,
}

/// <summary>The limits every face (pages, API) and the grains share.</summary>
public static class VideoMessageLimits
{
    public const int MaxBytes = 15 * 1024 * 1024;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    /// <summary>A recorder stops at 60 s by its own clock; its last frame may carry a timestamp a little past it.</summary>
    public static readonly TimeSpan DurationTolerance = TimeSpan.FromSeconds(1);
}
