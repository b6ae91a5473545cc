namespace Viv.Benchmarks;

/// <summary>
/// CPU time the whole machine spent, from <c>/proc/stat</c>: the tool, the relay and every Viv
/// process alike, so a step's cost per message compares paths run the same way (the raw relay's row
/// is the tool's own share); and one process's, from <c>/proc/PID/stat</c> (all its threads).
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

    public static double ProcessMilliseconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // After the name in parentheses: state is field 3, utime 14 and stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * MillisecondsPerTick;
    }
}
