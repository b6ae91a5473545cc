namespace Viv.Realtime;

/// <summary>
/// A connection a web node holds for a user, kept alive by renewals from that node. It belongs to
/// the session (<see cref="Accounts.IDeviceSessionGrain"/>) whose cookie or token opened it, and
/// closes when that session ends.
/// </summary>
[GenerateSerializer, Immutable, Alias("viv.connection-lease")]
public sealed record ConnectionLease(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] DeviceKind Device,
    [property: Id(2)] Guid Session = default)
{
    /// <summary>How long a connection counts as live without a renewal from its web node.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(45);

    /// <summary>How often web nodes renew: three chances before a lease runs out.</summary>
    public static readonly TimeSpan RenewalInterval = TimeSpan.FromSeconds(15);

    /// <summary>Open connections (tabs, devices) one account may hold at once; more are closed as they open.</summary>
    public const int MaxPerUser = 20;
}
