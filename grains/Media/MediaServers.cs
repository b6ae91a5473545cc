using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Viv.Media;

/// <summary>
/// The silo's media servers: a session kept on each configured Janus from start to stop, and rooms
/// placed on the live one with the fewest participants (as Janus counts them, so every silo's rooms
/// weigh), then the fewest rooms, then in configured order.
/// </summary>
public sealed class MediaServers : IMediaServers, IHostedService, IAsyncDisposable
{
    private readonly IReadOnlyList<MediaServer> _servers;
    private readonly ILogger _logger;

    public MediaServers(IOptions<JanusOptions> options, ILogger<MediaServers> logger)
    {
        _logger = logger;
        _servers = [.. options.Value.Janus.Select(instance => new MediaServer(instance, logger))];
    }

    public bool Configured => _servers.Count > 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var server in _servers)
        {
            server.Start();
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async Task<IMediaRoom> OpenRoom(int publishers, Func<MediaEvent, Task> events, string? avoid = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(publishers, 1);
        if (!Configured)
        {
            throw new MediaServerUnavailableException($"No media server is configured ({JanusOptions.Section}:Janus)");
        }
        var problems = _servers.Where(s => !s.Live).Select(s => $"{s.Name}: {s.Problem}").ToList();
        var candidates = _servers.Where(s => s.Live && s.Name != avoid).ToList();
        var loads = await Task.WhenAll(candidates.Select(Load));
        foreach (var (server, participants, _) in loads.Where(l => l.Participants is not null).OrderBy(l => l.Participants).ThenBy(l => l.Server.Rooms))
        {
            try
            {
                var rooms = server.Rooms;
                var room = await server.OpenRoom(publishers, events);
                MediaLog.RoomOpened(_logger, server.Name, room.Id, publishers, participants!.Value, rooms);
                return room;
            }
            catch (Exception e) when (e is MediaServerUnavailableException or JanusException)
            {
                MediaLog.PlacementSkipped(_logger, server.Name, e.Message);
                problems.Add($"{server.Name}: {e.Message}");
            }
        }
        problems.AddRange(loads.Where(l => l.Participants is null).Select(l => $"{l.Server.Name}: {l.Problem}"));
        throw new MediaServerUnavailableException(avoid is null
            ? $"No media server can take the call ({string.Join("; ", problems)})"
            : $"No media server other than {avoid} can take the call ({string.Join("; ", problems)})");
    }

    private async Task<(MediaServer Server, int? Participants, string? Problem)> Load(MediaServer server)
    {
        try
        {
            return (server, await server.Participants(), null);
        }
        catch (Exception e) when (e is MediaServerUnavailableException or JanusException)
        {
            MediaLog.PlacementSkipped(_logger, server.Name, e.Message);
            return (server, null, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }
}
