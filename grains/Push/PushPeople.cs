using Viv.Accounts;

namespace Viv.Push;

/// <summary>
/// How a push names a person: their full name with their username (two contacts may share a full name,
/// and the page never shows one without the other) and their picture, which is all a notification shows.
/// </summary>
internal static class PushPeople
{
    public static object Shown(UserProfile person) => new
    {
        id = person.Id,
        fullName = person.FullName,
        username = person.Username,
        picture = $"/users/{person.Id}/picture?v={person.PictureVersion ?? 0}",
    };
}
