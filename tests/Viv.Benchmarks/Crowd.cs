using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>Many users at once, registered and connected with bounded concurrency so the tool does not swamp the server it measures.</summary>
internal static class Crowd
{
    public static async Task<IReadOnlyList<T>> Each<T>(int count, int concurrency, Func<int, Task<T>> create)
    {
        var made = new T[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => made[i] = await create(i));
        return made;
    }

    public static Task<IReadOnlyList<HubUser>> SignIn(Uri viv, int count, string name) =>
        Each(count, 16, i => HubUser.SignIn(viv, $"{name} {i}"));

    public static async Task DisposeAll<T>(IEnumerable<T> items)
        where T : IAsyncDisposable
    {
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (item, _) => await item.DisposeAsync());
    }
}
