using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Viv.Media;

/// <summary>
/// One configured Janus instance as this silo sees it: a session kept open (opened again with a
/// growing pause after it is lost or refused) and the rooms on it. When the session is lost, each
/// of its rooms hears <see cref="MediaEventKind.ServerLost"/>; the rooms Janus may still hold (only
/// the connection was cut) are destroyed once the session is back.
/// </summary>
internal sealed class MediaServer(JanusInstance instance, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    private readonly List<JanusRoom> _rooms = [];
    private readonly List<(long Id, string Secret)> _orphans = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _keeping = Task.CompletedTask;
    private volatile Connection? _connection;

    public string Name => instance.DisplayName;

    /// <summary>Why it is not live, while it is not.</summary>
    public string Problem { get; private set; } = "not connected yet";

    public bool Live => _connection is not null;

    public int Rooms
    {
        get
        {
            lock (_rooms)
            {
                return _rooms.Count;
            }
        }
    }

    public void Start() => _keeping = Keep();

    /// <summary>Participants in all its rooms, every silo's (Janus counts the publishers of each room).</summary>
    public async Task<int> Participants()
    {
        var (session, control) = Current();
        var reply = await session.Message(control, new() { ["request"] = "list", ["admin_key"] = instance.AdminKey });
        return (reply.Data["list"]?.AsArray() ?? []).Sum(room => (int?)room?["num_participants"] ?? 0);
    }

    public async Task<JanusRoom> OpenRoom(int publishers, Func<MediaEvent, Task> events)
    {
        var (session, control) = Current();
        // Below 2^53, which every JSON reader keeps exact. Guessing it gains nothing: joining needs the pin.
        var (id, pin, secret) = (Random.Shared.NextInt64(1, 1L << 53), NewSecret(), NewSecret());
        // Janus judges talking per feed over windows of audio_active_packets packets: talking while a
        // window's average RTP audio level is under audio_level_average dB below full scale. Its
        // defaults (100 packets, 25) never marked a voice as Chromium sends it, whose one-second
        // averages were 25 to 42 with the pauses between sentences (FakeMicrophone has the measurements).
        // 50 packets are one second of Opus, so a speaker is marked one to two seconds after they begin
        // (1.4 to 1.5 s measured after unmuting) and unmarked within two after they stop. Under 50 takes
        // the voice and leaves out steady room noise (Chromium's noise suppression takes white noise
        // at -37 dBFS down to 55) and Chromium's fake microphone's beeps (63 and quieter).
        // require_e2ee: the tabs encrypt every frame (SFrame); Janus refuses a publisher that does not say so.
        await session.Message(control, new()
        {
            ["request"] = "create", ["admin_key"] = instance.AdminKey, ["room"] = id, ["secret"] = secret, ["pin"] = pin,
            ["is_private"] = true, ["permanent"] = false, ["publishers"] = publishers,
            ["audiolevel_event"] = true, ["audio_active_packets"] = 50, ["audio_level_average"] = 50, ["videocodec"] = "vp8",
            ["require_e2ee"] = true,
        });
        var room = new JanusRoom(this, session, id, pin, secret, events, logger);
        lock (_rooms)
        {
            if (session.Lost.IsCompleted)
            {
                _orphans.Add((id, secret));
                throw new MediaServerUnavailableException($"Janus {Name} went away while creating a room");
            }
            _rooms.Add(room);
        }
        return room;
    }

    /// <summary>Destroys a disposed room on Janus; if its session is gone, once the next one is open.</summary>
    public async Task Destroy(JanusRoom room)
    {
        lock (_rooms)
        {
            if (!_rooms.Remove(room))
            {
                return;
            }
        }
        if (_connection is not { } current || current.Session != room.Session)
        {
            Orphan(room.Id, room.Secret);
            return;
        }
        try
        {
            await current.Session.Message(current.Control, new() { ["request"] = "destroy", ["room"] = room.Id, ["secret"] = room.Secret });
            MediaLog.RoomClosed(logger, Name, room.Id);
        }
        catch (MediaServerUnavailableException)
        {
            Orphan(room.Id, room.Secret);
        }
        catch (JanusException e)
        {
            MediaLog.RoomNotDestroyed(logger, Name, room.Id, e.Message);
        }
    }

    private void Orphan(long id, string secret)
    {
        lock (_rooms)
        {
            _orphans.Add((id, secret));
        }
    }

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private Connection Current() =>
        _connection ?? throw new MediaServerUnavailableException($"Janus {Name} is not connected: {Problem}");

    private async Task Keep()
    {
        var pause = FirstRetry;
        while (!_stopping.IsCancellationRequested)
        {
            JanusSession? session = null;
            try
            {
                session = await JanusSession.Open(instance);
                _connection = new Connection(session, await session.Attach(_ => { }));
                pause = FirstRetry;
                MediaLog.ServerUp(logger, Name, instance.Url, session.Id);
                await DestroyOrphans();
                Lose(await session.Lost.WaitAsync(_stopping.Token));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong, the instance is tried again: this loop is all that reconnects it.
                // The log line comes last: whoever reads it then finds the problem it names in place.
                var repeated = e.Message == Problem;
                if (_connection is null)
                {
                    Problem = e.Message;
                }
                else
                {
                    Lose(e.Message);
                }
                if (!repeated)
                {
                    MediaLog.ServerUnreachable(logger, Name, e.Message);
                }
            }
            finally
            {
                if (session is not null)
                {
                    _connection = null;
                    await session.DisposeAsync();
                }
            }
            try
            {
                await Task.Delay(pause, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            pause = pause * 2 < LastRetry ? pause * 2 : LastRetry;
        }
    }

    private void Lose(string reason)
    {
        _connection = null;
        Problem = reason;
        List<JanusRoom> lost;
        lock (_rooms)
        {
            lost = [.. _rooms];
            _rooms.Clear();
            _orphans.AddRange(lost.Select(room => (room.Id, room.Secret)));
        }
        MediaLog.ServerLost(logger, Name, reason, lost.Count);
        foreach (var room in lost)
        {
            room.Lose();
        }
    }

    /// <summary>Rooms of a session that was cut while Janus lived on: nobody is in them any more.</summary>
    private async Task DestroyOrphans()
    {
        (long Id, string Secret)[] orphans;
        lock (_rooms)
        {
            orphans = [.. _orphans];
        }
        var (session, control) = Current();
        foreach (var orphan in orphans)
        {
            try
            {
                await session.Message(control, new() { ["request"] = "destroy", ["room"] = orphan.Id, ["secret"] = orphan.Secret });
            }
            catch (JanusException)
            {
                // 426, no such room: Janus itself restarted and took its rooms with it.
            }
            lock (_rooms)
            {
                _orphans.Remove(orphan);
            }
        }
    }

    /// <summary>Stops keeping the session and closes it: Janus ends its handles.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _keeping;
    }

    private sealed record Connection(JanusSession Session, long Control);
}
