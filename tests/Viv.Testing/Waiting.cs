namespace Viv.Testing;

/// <summary>Waiting for something that arrives on its own time (an export, a scrape), polled every 100 ms.</summary>
public static class Waiting
{
    public static Task<T> For<T>(Func<T?> find, string what) where T : class => For(() => Task.FromResult(find()), what);

    /// <summary>The first value <paramref name="find"/> gives that is not null; throws naming <paramref name="what"/> after 30 s.</summary>
    public static async Task<T> For<T>(Func<Task<T?>> find, string what) where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await find() is { } found)
            {
                return found;
            }
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"No {what} within 30 s.");
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
