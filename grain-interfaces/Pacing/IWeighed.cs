namespace Viv.Pacing;

/// <summary>
/// An argument of a paced action whose cost grows with its size: the action takes
/// <see cref="Weight"/> from the budget instead of one.
/// </summary>
public interface IWeighed
{
    int Weight { get; }
}
