namespace Viv.Web.Pacing;

/// <summary>Marks a hub method whose every invocation takes one, or its arguments' weight, from the caller's <see cref="Pace"/> budget.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PacedAttribute(Pace pace) : Attribute
{
    public Pace Pace { get; } = pace;
}
