using StackExchange.Redis;

namespace Viv.Hosting;

/// <summary>One place that turns <c>Viv:Redis</c> into connections, for every host.</summary>
public static class RedisConnection
{
    public static ConfigurationOptions Options(string redis)
    {
        var options = ConfigurationOptions.Parse(redis);
        // Keep retrying in the background while running: Redis coming back must heal the node by itself.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 3_000;
        return options;
    }

    /// <summary>
    /// Run before the host starts: without Redis a cluster node can do nothing, and Orleans would
    /// otherwise retry quietly for a long time. Says why in one line and exits with code 3; the line
    /// names the servers but never the password the configuration string may hold.
    /// </summary>
    public static void ExitUnlessReachable(string redis)
    {
        var options = Options(redis);
        options.AbortOnConnectFail = true;
        try
        {
            using var connection = ConnectionMultiplexer.Connect(options);
            connection.GetDatabase().Ping();
        }
        catch (RedisConnectionException e)
        {
            StartupRefusal.StorageUnreachable.Exit($"Viv cannot reach Redis at '{ConfigurationOptions.Parse(redis).ToString(includePassword: false)}' (Viv:Redis): {e.Message}");
        }
    }
}
