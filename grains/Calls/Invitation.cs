using Viv.Accounts;

namespace Viv.Calls;

/// <summary>
/// Someone being rung into a call: who was in it when the ringing started (their record names them) and
/// who rang them (a missed call names them on the person's devices).
/// </summary>
internal sealed record Invitation(IReadOnlyList<Guid> Participants, UserProfile Caller, IGrainTimer Ring);
