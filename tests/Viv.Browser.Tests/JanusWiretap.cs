using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Viv.Browser.Tests;

/// <summary>
/// What whoever runs a media server sees of Viv: a relay in front of a Janus, given to Viv as that
/// Janus, which passes every byte on and reads the requests Viv sends (WebSocket frames from a
/// client are masked, not encrypted). So it learns each room Viv creates and its pin, which is all
/// it takes to join the room as a subscriber, as Janus's operator could from Janus's own memory.
/// </summary>
internal sealed class JanusWiretap : IAsyncDisposable
{
    private readonly JanusServer _janus;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<(long Room, string Pin)> _rooms = new();
    private readonly Task _accepting;

    public JanusWiretap(JanusServer janus)
    {
        _janus = janus;
        _listener.Start();
        _accepting = Accept();
    }

    public JanusServer Janus => _janus;

    /// <summary>Viv's configuration for the tapped Janus as instance 0: its secrets, and this relay's address.</summary>
    public Dictionary<string, string> Settings() => new(_janus.Settings(0))
    {
        ["Viv:Media:Janus:0:Url"] = $"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}",
    };

    /// <summary>The room Viv created last and its pin, once it has created one.</summary>
    public async Task<(long Room, string Pin)> LatestRoom()
    {
        for (var waited = 0; waited < 150; waited++)
        {
            if (!_rooms.IsEmpty)
            {
                return _rooms.Last();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("Viv created no room on the tapped Janus.");
    }

    private async Task Accept()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient viv;
            try
            {
                viv = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Relay(viv);
        }
    }

    private async Task Relay(TcpClient viv)
    {
        using var _ = viv;
        using var janus = new TcpClient();
        try
        {
            await janus.ConnectAsync(IPAddress.Loopback, _janus.Port, _stopping.Token);
            var toJanus = Read(viv.GetStream(), janus.GetStream());
            var toViv = janus.GetStream().CopyToAsync(viv.GetStream(), _stopping.Token);
            await Task.WhenAny(toJanus, toViv);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // Either end went: the relay ends with it, as a connection to Janus itself would.
        }
    }

    /// <summary>Passes Viv's bytes on unchanged: the HTTP upgrade, then frames, each text frame read on the way.</summary>
    private async Task Read(NetworkStream from, NetworkStream to)
    {
        var header = new List<byte>();
        while (header.Count < 4 || !header.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            header.Add((await Next(from, to, 1))[0]);
        }
        while (!_stopping.IsCancellationRequested)
        {
            var start = await Next(from, to, 2);
            var opcode = start[0] & 0x0F;
            long length = start[1] & 0x7F;
            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(await Next(from, to, 2));
            }
            else if (length == 127)
            {
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(await Next(from, to, 8));
            }
            var mask = (start[1] & 0x80) != 0 ? await Next(from, to, 4) : [0, 0, 0, 0];
            var payload = await Next(from, to, (int)length);
            if (opcode == 1)
            {
                Heard(Encoding.UTF8.GetString(payload.Select((b, i) => (byte)(b ^ mask[i % 4])).ToArray()));
            }
        }
    }

    private void Heard(string request)
    {
        if (JsonNode.Parse(request)?["body"] is { } body && (string?)body["request"] == "create")
        {
            _rooms.Enqueue(((long)body["room"]!, (string)body["pin"]!));
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes and passes them on.</summary>
    private async Task<byte[]> Next(NetworkStream from, NetworkStream to, int count)
    {
        var bytes = new byte[count];
        await from.ReadExactlyAsync(bytes, _stopping.Token);
        await to.WriteAsync(bytes, _stopping.Token);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
