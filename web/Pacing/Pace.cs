namespace Viv.Web.Pacing;

/// <summary>The actions a person could repeat to flood someone or burn the server; each has its own budget.</summary>
public enum Pace
{
    /// <summary>Password sign-ins, counted per username whoever tries them.</summary>
    SignIns,
    /// <summary>Requests, answers, blocks and deletes: each one reaches the other side.</summary>
    ContactChanges,
    Searches,
    /// <summary>Calls started, people added to calls, meetings scheduled: each one rings or notifies someone.</summary>
    Invitations,
    /// <summary>Answers to meetings, reschedules and cancels: each one reaches everyone in the meeting.</summary>
    MeetingChanges,
}
