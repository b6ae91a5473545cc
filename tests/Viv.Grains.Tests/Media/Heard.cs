namespace Viv.Grains.Tests.Media;

/// <summary>
/// What happened elsewhere, one thing at a time (log lines, a room's media events), kept in order
/// so that a test waits for the one it expects instead of sleeping.
/// </summary>
internal sealed class Heard<T> where T : notnull
{
    private readonly List<T> _all = [];
    private readonly List<(Func<T, bool> Matches, TaskCompletionSource<T> Found)> _waiting = [];

    public void Add(T item)
    {
        lock (_all)
        {
            _all.Add(item);
            foreach (var waiter in _waiting.Where(w => w.Matches(item)).ToList())
            {
                waiter.Found.TrySetResult(item);
                _waiting.Remove(waiter);
            }
        }
    }

    /// <summary>How many so far: pass it as <c>after</c> to wait only for what comes next.</summary>
    public int Count
    {
        get
        {
            lock (_all)
            {
                return _all.Count;
            }
        }
    }

    public IReadOnlyList<T> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>The first that matches, from position <paramref name="after"/> on; a timeout names what was awaited and lists what came.</summary>
    public async Task<T> First(Func<T, bool> matches, string what, int after = 0, int seconds = 30)
    {
        var found = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_all)
        {
            foreach (var item in _all.Skip(after).Where(matches))
            {
                return item;
            }
            _waiting.Add((matches, found));
        }
        try
        {
            return await found.Task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {seconds} s for {what}; heard:\n{string.Join('\n', All.Skip(after))}");
        }
    }
}
