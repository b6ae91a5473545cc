namespace Viv.Accounts;

[GenerateSerializer, Alias("viv.device-session-state")]
public sealed class DeviceSessionState
{
    [Id(0)] public Guid UserId { get; set; }
    [Id(1)] public string CurrentHash { get; set; } = "";
    [Id(2)] public List<string> EarlierHashes { get; set; } = [];
    [Id(3)] public DateTimeOffset StartedAt { get; set; }
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>
    /// Set only by earlier versions, which kept revoked sessions: such a record stays revoked and is
    /// deleted the next time it is refreshed. A session revoked now is deleted at once.
    /// </summary>
    [Id(5)] public bool Revoked { get; set; }
}
