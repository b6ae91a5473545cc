using System.Diagnostics;

namespace Viv.Testing;

/// <summary>Debian's redis-server on a free loopback port, without snapshots; <c>./test.sh</c> installs it.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process _process = null!;

    public int Port { get; } = VivServer.FreePort();

    /// <summary>The StackExchange.Redis configuration string for <c>Viv:Redis</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> Start()
    {
        var redis = new RedisServer();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", $"{redis.Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
        };
        redis._process = await ServiceProcess.Start(start, "is the redis-server package installed? ./test.sh installs it", "Ready to accept connections");
        return redis;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
