namespace Viv.Push;

/// <summary>What a push service answered: delivered; gone (the device unsubscribed); try again later (maybe after a time it said); refused.</summary>
public sealed record PushOutcome(PushResult Result, TimeSpan? RetryAfter = null, string? Reason = null)
{
    public static readonly PushOutcome Delivered = new(PushResult.Delivered);
    public static readonly PushOutcome Gone = new(PushResult.Gone);

    public static PushOutcome Later(TimeSpan? after, string reason) => new(PushResult.Later, after, reason);

    public static PushOutcome Refused(string reason) => new(PushResult.Refused, Reason: reason);
}

public enum PushResult
{
    Delivered,
    Gone,
    Later,
    Refused,
}
