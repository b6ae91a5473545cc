using Viv.Accounts;

namespace Viv.Push;

/// <summary>How a push names a person: their name and picture, which is all a notification shows.</summary>
internal static class PushPeople
{
    public static object Shown(UserProfile person) => new
    {
        id = person.Id,
        fullName = person.FullName,
        picture = $"/users/{person.Id}/picture?v={person.PictureVersion ?? 0}",
    };
}
