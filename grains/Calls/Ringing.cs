using Viv.Push;

namespace Viv.Calls;

/// <summary>
/// Everyone being rung into one call: each invitation with its ring timer, and what the invitee and
/// those in the call hear as a ringing starts and stops. A call nobody answered ends when its last
/// ringing stops.
/// </summary>
internal sealed class Ringing(ICall call, Mesh mesh, CallRecords records, TimeProvider clock, TimeSpan timeout)
{
    private readonly Dictionary<Guid, Invitation> _invitations = [];

    public IReadOnlyCollection<Guid> Invitees => _invitations.Keys;

    /// <summary>Whether <paramref name="inviter"/> may ring <paramref name="invitee"/>, asking the contact list and presence what the rules need.</summary>
    public async Task<CallError> MayRing(Guid inviter, Guid invitee) =>
        CallRules.MayRing(call.Room, inviter, invitee, await call.Grains.Reach(inviter, invitee));

    /// <summary>Someone in the call rings someone new into it.</summary>
    public async Task<CallError> Invite(Guid inviter, Guid invitee)
    {
        if (CallRules.MayInvite(call.Room, inviter, invitee) is not CallError.None and var refused)
        {
            return refused;
        }
        return await MayRing(inviter, invitee) is not CallError.None and var unreachable ? unreachable : await Ring(inviter, invitee);
    }

    /// <summary>
    /// Rings <paramref name="invitee"/> on every tab for <paramref name="inviter"/>, who is in the call,
    /// and tells those in it. Someone already in a call is not rung: they get a missed call, and a call
    /// left with nobody to ring ends busy, naming them in the caller's record.
    /// </summary>
    public async Task<CallError> Ring(Guid inviter, Guid invitee)
    {
        var others = mesh.Members.Where(p => p != inviter).ToList();
        if (await call.Grains.Presence(invitee).GetCall() is not null)
        {
            await records.Invitee(invitee, [inviter, .. others], CallOutcome.Missed);
            if (CallRules.EndsWhenRingingStops(call.Room))
            {
                records.Rung(invitee);
                await call.End(CallOutcome.Busy, CallEndReason.Busy);
            }
            return CallError.Busy;
        }
        var othersProfiles = await Task.WhenAll(others.Select(call.Grains.Profile));
        var caller = await call.Grains.Profile(inviter);
        await call.Grains.Presence(invitee).Deliver(new IncomingCall(call.Id, caller, records.Kind, othersProfiles, clock.GetUtcNow() + timeout));
        await call.Grains.GetGrain<IPushDevicesGrain>(invitee).Push(CallPushes.Incoming(call.Id, caller, records.Kind, timeout));
        var ring = call.RegisterGrainTimer(() => RingOut(invitee), timeout, Timeout.InfiniteTimeSpan);
        _invitations[invitee] = new Invitation([inviter, .. others], caller, ring);
        records.Rung(invitee);
        await mesh.TellAll(new ParticipantInvited(call.Id, await call.Grains.Profile(invitee)));
        return CallError.None;
    }

    /// <summary>Someone rung answered and came in: their other tabs stop ringing.</summary>
    public async Task Answered(Guid invitee)
    {
        _invitations.Remove(invitee, out var invitation);
        invitation!.Ring.Dispose();
        await call.Grains.Presence(invitee).Deliver(new CallAnsweredElsewhere(call.Id));
        await call.Grains.GetGrain<IPushDevicesGrain>(invitee).Push(CallPushes.Closed(call.Id, "answeredElsewhere"));
    }

    /// <summary>Someone rung says no, answering or hanging up.</summary>
    public async Task<CallError> Decline(Guid invitee)
    {
        await Close(invitee, CallOutcome.Rejected, CallEndReason.Rejected);
        return CallError.None;
    }

    /// <summary>An invitation nobody answered; one closed because of a block ends exactly so, to tell nobody why.</summary>
    public Task RingOut(Guid invitee) => Close(invitee, CallOutcome.Missed, CallEndReason.NoAnswer);

    /// <summary>Whichever of <paramref name="invitees"/> are still being rung miss the call.</summary>
    public async Task Miss(IEnumerable<Guid> invitees, CallEndReason reason)
    {
        foreach (var invitee in _invitations.Keys.Where(invitees.Contains).ToList())
        {
            await Close(invitee, CallOutcome.Missed, reason);
        }
    }

    /// <summary>
    /// Stops ringing <paramref name="invitee"/>: every tab of theirs hears the call end, their history
    /// records it, and those in the call hear the invitation closed.
    /// </summary>
    public async Task Close(Guid invitee, CallOutcome outcome, CallEndReason reason)
    {
        if (!_invitations.Remove(invitee, out var invitation))
        {
            return;
        }
        invitation.Ring.Dispose();
        await call.Grains.Presence(invitee).Deliver(new CallEnded(call.Id, outcome, reason));
        await call.Grains.GetGrain<IPushDevicesGrain>(invitee).Push(outcome == CallOutcome.Rejected
            ? CallPushes.Closed(call.Id, "rejected")
            : CallPushes.Missed(call.Id, invitation.Caller, records.Kind));
        await records.Invitee(invitee, invitation.Participants, outcome);
        await mesh.TellAll(new InvitationClosed(call.Id, invitee, outcome));
        if (CallRules.EndsWhenRingingStops(call.Room))
        {
            await call.End(outcome, reason);
        }
    }
}
