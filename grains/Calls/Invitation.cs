namespace Viv.Calls;

/// <summary>Someone being rung into a call, and who was in it when the ringing started (their record names them).</summary>
internal sealed record Invitation(IReadOnlyList<Guid> Participants, IGrainTimer Ring);
