using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// One forwarded call grown a person at a time, everyone's browser on this machine. At each measured
/// size, after a settling pause: what Janus and the machine spent over a window, and the frames each
/// tile showed. Growing stops at the first size where some tile falls under <see cref="KeepsUpFps"/>,
/// or a newcomer's video does not play at all.
/// </summary>
internal static class CallSizes
{
    /// <summary>Frames a second every tile must show for the call to keep up: 8 of the camera's 10.</summary>
    public const double KeepsUpFps = 8;

    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(3);

    public sealed record Size(int Participants, MediaSample Sample, IReadOnlyList<double> TileFps, string? Failure)
    {
        public int Subscriptions => Participants * (Participants - 1);

        public bool KeepsUp => Failure is null && TileFps.Count == Subscriptions && TileFps.Min() >= KeepsUpFps;
    }

    public static async Task<IReadOnlyList<Size>> Grow((Person Person, string Name)[] party, IReadOnlyList<int> sizes, JanusPair janus, Target viv, TimeSpan window)
    {
        var host = party[0].Person;
        await host.Call(party[1].Name);
        await party[1].Person.AcceptCall();
        await host.SeesVideoOf(party[1].Name);
        var rows = new List<Size>();
        var joined = 2;
        for (var n = 3; n <= sizes.Max(); n++)
        {
            joined = n;
            var (newcomer, newcomerName) = party[n - 1];
            await host.AddToCall(newcomerName);
            await newcomer.AcceptCall();
            var failure = await Plays(party[..n], newcomer, newcomerName);
            if (failure is null && !sizes.Contains(n))
            {
                continue;
            }
            await Task.Delay(Settling);
            var measuring = DateTimeOffset.UtcNow;
            var sample = await MediaSample.Over(window, janus.Hosting(viv.Embedded), [.. party[..n].Select(p => p.Person)], viv.Embedded.ProcessId);
            var tiles = await TileFrames.Between(party[..n], measuring, measuring.AddSeconds(sample.Seconds));
            var size = new Size(n, sample, [.. tiles.Select(t => t.Frames / sample.Seconds).Order()], failure);
            rows.Add(size);
            Console.WriteLine($"{n} participants: Janus {Report.Ms(sample.JanusCorePercent)}% of a core, browsers {Report.Ms(sample.BrowsersCorePercent)}%, machine {Report.Ms(sample.MachineCorePercent)}% (load {sample.LoadAverage}), tiles {Report.Ms(size.TileFps.DefaultIfEmpty(0).Min())}-{Report.Ms(size.TileFps.DefaultIfEmpty(0).Max())} fps{(failure is null ? "" : $"; {failure}")}");
            if (!size.KeepsUp)
            {
                break;
            }
        }
        await CallParty.HangUp(party[..joined]);
        return rows;
    }

    /// <summary>The newcomer sees everyone forwarded and everyone sees the newcomer; otherwise what did not play.</summary>
    private static async Task<string?> Plays((Person Person, string Name)[] call, Person newcomer, string newcomerName)
    {
        try
        {
            foreach (var (person, name) in call.Where(p => p.Name != newcomerName))
            {
                await newcomer.SeesForwardedVideoOf(name);
                await person.SeesForwardedVideoOf(newcomerName);
            }
            return null;
        }
        catch (TimeoutException e)
        {
            return e.Message.Split(';')[0];
        }
    }
}
