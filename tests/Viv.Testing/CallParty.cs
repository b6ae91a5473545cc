using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Viv.Testing;

/// <summary>
/// People in their own browsers for a group call: a host (the first), and friends who are each the
/// host's contact, so the host can call or add any of them. The browser tier's forwarded calls and the
/// benchmarks' media command share them.
/// </summary>
public static class CallParty
{
    /// <summary>The host and <paramref name="count"/> − 1 friends of <paramref name="server"/>, each signed in to a browser <paramref name="newPerson"/> opens (<see cref="Person.Acquainted"/>).</summary>
    public static async Task<(Person Person, string Name)[]> HostAndFriends(Uri server, Func<Task<Person>> newPerson, int count)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var names = Enumerable.Range(0, count).Select(i => $"{(char)('A' + i)}{tag} Friend").ToList();
        var people = await Person.Acquainted(server, newPerson, names);
        return [.. people.Zip(names)];
    }

    /// <summary>Every one of <paramref name="people"/> sees every other's video playing, however it travels.</summary>
    public static Task EveryoneSeesEveryone(IEnumerable<(Person Person, string Name)> people) =>
        EachSeesEachOther(people, (person, other) => person.SeesVideoOf(other));

    /// <summary>Every one of them sees every other's video from the media server (<see cref="Person.SeesForwardedVideoOf"/>).</summary>
    public static Task EveryoneSeesEveryoneForwarded(IEnumerable<(Person Person, string Name)> people, string? notFrom = null) =>
        EachSeesEachOther(people, (person, other) => person.SeesForwardedVideoOf(other, notFrom));

    private static async Task EachSeesEachOther(IEnumerable<(Person Person, string Name)> people, Func<Person, string, Task> sees)
    {
        var list = people.ToList();
        foreach (var (person, name) in list)
        {
            foreach (var (sender, other) in list.Where(o => o.Name != name))
            {
                try
                {
                    await sees(person, other);
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"{e.Message}; {other} sends {await sender.SentVideo()}", e);
                }
            }
        }
    }

    /// <summary>Everyone in the call hangs up but the last, who is out of it without (a call of one ends), and every call screen closes.</summary>
    public static async Task HangUp(IReadOnlyList<(Person Person, string Name)> call)
    {
        foreach (var (person, _) in call.Take(call.Count - 1))
        {
            await person.CallView.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        }
        foreach (var (person, _) in call)
        {
            await Expect(person.CallView).ToBeHiddenAsync();
        }
    }
}
