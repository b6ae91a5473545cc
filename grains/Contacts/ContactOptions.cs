using System.ComponentModel.DataAnnotations;

namespace Viv.Contacts;

/// <summary>The <c>Viv:Contacts</c> configuration section: how much one contact list may hold.</summary>
public sealed class ContactOptions
{
    public const string Section = "Viv:Contacts";

    /// <summary>The section's name before contacts had one name; a configuration that still uses it is refused at start.</summary>
    public const string FormerSection = "Viv:Roster";

    /// <summary>People on one list: contacts, requests either way, and blocks. Answering, blocking someone already listed, and deleting always work.</summary>
    [Range(1, 1_000_000)] public int MaxPeople { get; set; } = 2_000;

    /// <summary>Requests I sent that nobody has answered yet.</summary>
    [Range(1, 100_000)] public int MaxUnansweredRequests { get; set; } = 100;
}
