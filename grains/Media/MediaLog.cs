using Microsoft.Extensions.Logging;

namespace Viv.Media;

/// <summary>What an operator sees of the media servers: each instance coming and going, and the load rooms are placed by.</summary>
internal static partial class MediaLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Janus {Server} at {Url} is up (session {Session})")]
    public static partial void ServerUp(ILogger logger, string server, string url, long session);

    /// <summary>Once per new reason: an instance down for an hour writes one line, not one per retry.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Janus {Server} is unreachable: {Reason}")]
    public static partial void ServerUnreachable(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Janus {Server} is lost ({Reason}); rooms on it told: {Rooms}")]
    public static partial void ServerLost(ILogger logger, string server, string reason, int rooms);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room} for {Publishers} publishers opened on Janus {Server}, which had {Participants} participants in {Rooms} rooms")]
    public static partial void RoomOpened(ILogger logger, string server, long room, int publishers, int participants, int rooms);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room} on Janus {Server} destroyed")]
    public static partial void RoomClosed(ILogger logger, string server, long room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Room} on Janus {Server} could not be destroyed: {Reason}")]
    public static partial void RoomNotDestroyed(ILogger logger, string server, long room, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No room placed on Janus {Server}: {Reason}")]
    public static partial void PlacementSkipped(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handle {Handle} of room {Room} on Janus {Server} relays {Lines}: asked again")]
    public static partial void SizeAskedAgain(ILogger logger, string server, long room, long handle, string lines);

    [LoggerMessage(Level = LogLevel.Error, Message = "The call room failed on {Kind} for handle {Handle} of room {Room} on Janus {Server}")]
    public static partial void EventNotHandled(ILogger logger, Exception exception, string server, long room, MediaEventKind kind, long handle);
}
