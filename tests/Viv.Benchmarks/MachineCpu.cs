namespace Viv.Benchmarks;

/// <summary>
/// CPU time the whole machine spent, from <c>/proc/stat</c>: the tool, the relay and every Viv
/// process alike, so a step's cost per message compares paths run the same way (the raw relay's row
/// is the tool's own share).
/// </summary>
internal static class MachineCpu
{
    private const double MillisecondsPerTick = 10; // USER_HZ is 100 on Linux

    // Of user nice system idle iowait irq softirq: all but idle and iowait.
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7];

    public static double BusyMilliseconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = BusyFields.Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture));
        return ticks * MillisecondsPerTick;
    }
}
