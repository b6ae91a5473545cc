namespace Viv.Calls;

/// <summary>A finished call as one participant's history keeps it.</summary>
[GenerateSerializer, Immutable, Alias("viv.call-record")]
public sealed record CallRecord(
    [property: Id(0)] Guid CallId,
    [property: Id(1)] CallKind Kind,
    [property: Id(2)] bool Outgoing,
    [property: Id(3)] IReadOnlyList<Guid> Others,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? AnsweredAt,
    [property: Id(6)] DateTimeOffset EndedAt,
    [property: Id(7)] CallOutcome Outcome)
{
    public TimeSpan Duration => AnsweredAt is { } answered ? EndedAt - answered : TimeSpan.Zero;
}
