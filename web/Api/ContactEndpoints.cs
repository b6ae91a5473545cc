using Microsoft.AspNetCore.Http.HttpResults;
using Viv.Contacts;
using Viv.Realtime;
using Viv.Web.Accounts;
using Viv.Web.Pacing;

namespace Viv.Web.Api;

/// <summary>/api/v1/contacts: my side of each pair, with presence where we are contacts on both sides.</summary>
public static class ContactEndpoints
{
    public sealed record ContactItem(ProfileEndpoints.Person User, ContactStatus Relationship, Presence Presence, DateTimeOffset? PresenceSince);

    private static readonly (string Route, ContactAction Action, string Summary)[] Actions =
    [
        ("request", ContactAction.Request, "Ask someone to become a contact."),
        ("accept", ContactAction.Accept, "Accept their request."),
        ("decline", ContactAction.Decline, "Decline their request."),
        ("block", ContactAction.Block, "Block them: to them you look offline and their requests and calls never reach you."),
        ("unblock", ContactAction.Unblock, "Unblock them."),
    ];

    public static void Map(RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapGet("/", List).WithSummary("My contacts, requests and blocks, ordered by user id.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        foreach (var (route, action, summary) in Actions)
        {
            contacts.MapPost($"/{{userId:guid}}/{route}", (Guid userId, HttpContext http, IGrainFactory grains) => Act(userId, action, http, grains))
                .WithName($"Contact{action}").WithSummary(summary)
                .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
                .Paced(Pace.ContactChanges);
        }
        contacts.MapDelete("/{userId:guid}", (Guid userId, HttpContext http, IGrainFactory grains) => Act(userId, ContactAction.Delete, http, grains))
            .WithName("ContactDelete").WithSummary("Remove them from my contacts.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).Paced(Pace.ContactChanges);
    }

    private static async Task<Results<Ok<Page<ContactItem>>, ProblemHttpResult>> List(string? cursor, int? limit, HttpContext http, IGrainFactory grains)
    {
        var all = await grains.GetGrain<IContactListGrain>(http.User.UserId()).GetContacts();
        var items = all.Select(c => new ContactItem(ProfileEndpoints.Person.Of(c.Profile), c.Relationship, c.Presence.Presence,
            c.Presence.Presence == Presence.Offline ? null : c.Presence.Since));
        return Paging.Of(items, c => c.User.Id.ToString("N"), cursor, limit) is { } page ? TypedResults.Ok(page) : Paging.InvalidCursor();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Act(Guid userId, ContactAction action, HttpContext http, IGrainFactory grains)
    {
        var error = await grains.GetGrain<IContactListGrain>(http.User.UserId()).Act(userId, action);
        return error == ContactError.None ? TypedResults.NoContent() : ApiProblem.Of(error);
    }
}
