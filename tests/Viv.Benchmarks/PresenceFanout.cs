using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// A user with N online contacts connects; the time from opening the connection until the last
/// contact hears "online" is one sample. The user disconnects (everyone hears "offline") between repetitions.
/// The p99 is the nearest rank: of the default 200 repetitions, the third longest.
/// </summary>
internal static class PresenceFanout
{
    /// <summary>
    /// Repetitions run and not reported: the first few seconds of a fresh server's fan-out (JIT tiers,
    /// first collections) took 70-150 ms once or twice in a run, a steady server's 30-60 ms.
    /// </summary>
    private const int WarmUp = 20;

    public static async Task<int> Run(Target viv, Options options)
    {
        var sizes = options.Contacts.Order().ToArray();
        Console.WriteLine($"Presence fan-out: signing in {sizes[^1]} contacts against {viv.Address}");
        var contacts = await Crowd.SignIn(viv.Address, sizes[^1], "Friend");
        var arrivals = new Arrivals();
        foreach (var (contact, index) in contacts.Select((c, i) => (c, i)))
        {
            contact.Hub.On<JsonElement>("presenceChanged", e => arrivals.Heard(index, e.GetProperty("userId").GetGuid(), e.GetProperty("presence").GetString()!));
        }

        var rows = new List<FanoutRow>();
        foreach (var size in sizes)
        {
            var star = await HubUser.SignIn(viv.Address, $"Star of {size}");
            await Crowd.Each(size, 16, async i =>
            {
                await star.BecomeContacts(contacts[i]);
                return true;
            });
            var lasts = new List<double>();
            var medians = new List<double>();
            Func<Task> leave = () => star.Hub.StopAsync();
            var warmUp = Math.Min(WarmUp, options.Repetitions);
            for (var rep = 0; rep < warmUp + options.Repetitions; rep++)
            {
                await arrivals.Await(star.Id, "offline", size, leave);
                var hub = star.Session.Hub();
                var heard = await arrivals.Await(star.Id, "online", size, () => hub.StartAsync());
                if (rep >= warmUp)
                {
                    lasts.Add(heard[^1]);
                    medians.Add(heard[heard.Length / 2]);
                }
                leave = () => hub.DisposeAsync().AsTask();
            }
            await arrivals.Await(star.Id, "offline", size, leave);
            rows.Add(new FanoutRow(size, options.Repetitions, Report.Percentile(lasts, 0.5), Report.Percentile(lasts, 0.99), lasts.Max(), Report.Percentile(medians, 0.5)));
            Console.WriteLine($"{size} contacts: last heard after {string.Join(", ", lasts.Select(Report.Ms))} ms");
        }
        Report.Table(["contacts", "repetitions", "last p50 ms", "last p99 ms", "last max ms", "median contact p50 ms"], rows.Select(r =>
            (IReadOnlyList<string>)[Report.Whole(r.Contacts), r.Repetitions.ToString(CultureInfo.InvariantCulture), Report.Ms(r.LastP50), Report.Ms(r.LastP99), Report.Ms(r.LastMax), Report.Ms(r.MedianP50)]));
        await Report.Json(options.Json, rows);
        await Crowd.DisposeAll(contacts);
        return 0;
    }

    /// <summary>Who heard what about whom, timed from the moment the change was set off.</summary>
    private sealed class Arrivals
    {
        private readonly Lock _lock = new();
        private (Guid User, string Presence, int Expected, long Start, List<double> Times, HashSet<int> Listeners, TaskCompletionSource<double[]> Done)? _waiting;

        /// <summary>Runs <paramref name="act"/> and waits until <paramref name="expected"/> contacts heard <paramref name="presence"/>; milliseconds, sorted.</summary>
        public async Task<double[]> Await(Guid user, string presence, int expected, Func<Task> act)
        {
            var done = new TaskCompletionSource<double[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _waiting = (user, presence, expected, Stopwatch.GetTimestamp(), [], [], done);
            }
            await act();
            var finished = await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            if (finished != done.Task)
            {
                lock (_lock)
                {
                    var missed = Enumerable.Range(0, expected).Except(_waiting!.Value.Listeners);
                    throw new TimeoutException($"Only {_waiting.Value.Times.Count} of {expected} contacts heard {presence} within 60 s; not: {string.Join(", ", missed)}.");
                }
            }
            return await done.Task;
        }

        public void Heard(int listener, Guid user, string presence)
        {
            var at = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (_waiting is not { } w || w.User != user || w.Presence != presence)
                {
                    return;
                }
                w.Times.Add(Stopwatch.GetElapsedTime(w.Start, at).TotalMilliseconds);
                w.Listeners.Add(listener);
                if (w.Times.Count == w.Expected)
                {
                    w.Done.TrySetResult([.. w.Times.Order()]);
                }
            }
        }
    }
}

/// <summary>One size: how long until the last of N contacts heard, over the repetitions.</summary>
internal sealed record FanoutRow(int Contacts, int Repetitions, double LastP50, double LastP99, double LastMax, double MedianP50);
