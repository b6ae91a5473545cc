using System.Diagnostics.CodeAnalysis;

namespace Viv.Hosting;

/// <summary>Why a node will not start; each value is the process's exit code (the README lists them).</summary>
public enum StartupRefusal
{
    /// <summary>The silo host was started without cluster storage (<c>Viv:AzureStorage</c> or <c>Viv:Redis</c>).</summary>
    SiloWithoutClusterStorage = 2,

    /// <summary>Cluster mode, and its storage (Azure Storage or Redis) did not answer.</summary>
    StorageUnreachable = 3,

    /// <summary>A configuration value is missing, malformed or out of range.</summary>
    InvalidConfiguration = 4,

    /// <summary>A listener of the node's own (<c>Viv:Metrics</c>) cannot be opened: its port is taken, or the address is not this machine's.</summary>
    ListenerUnavailable = 5,
}

public static class StartupRefusals
{
    /// <summary>
    /// Says why on standard error, one line per problem, and stops before the host starts, so no
    /// library writes a stack trace after it and scripts can tell the reasons apart by exit code.
    /// </summary>
    [DoesNotReturn]
    public static void Exit(this StartupRefusal refusal, params IEnumerable<string> lines)
    {
        foreach (var line in lines.Distinct())
        {
            Console.Error.WriteLine(line);
        }
        Environment.Exit((int)refusal);
    }
}
