namespace Viv.Roster;

/// <summary>The <c>Viv:Roster</c> configuration section: how much one contact list may hold.</summary>
public sealed class RosterOptions
{
    public const string Section = "Viv:Roster";

    /// <summary>People on one list: contacts, requests either way, and blocks. Answering, blocking someone already listed, and deleting always work.</summary>
    public int MaxPeople { get; set; } = 2_000;

    /// <summary>Requests I sent that nobody has answered yet.</summary>
    public int MaxUnansweredRequests { get; set; } = 100;
}
