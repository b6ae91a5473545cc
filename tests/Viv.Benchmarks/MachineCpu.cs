namespace Viv.Benchmarks;

/// <summary>
/// CPU time the whole machine spent: the tool, the relays and every Viv process alike, so a step's cost
/// per message compares paths run the same way; and one process's, from <c>/proc/PID/stat</c> (all its threads).
/// </summary>
internal static class MachineCpu
{
    private const double MillisecondsPerTick = 10; // USER_HZ is 100 on Linux

    // Of user nice system idle iowait irq softirq: all but idle and iowait.
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7];

    /// <summary>
    /// The machine's busy time from the root cgroup's exact count where there is one. /proc/stat samples
    /// at each tick what a CPU is doing, and misses work that wakes for microseconds between ticks: a
    /// process busy 1,215 ms in such bursts over 5 s read 690 ms there and 1,297 ms in the cgroup; a
    /// relay's per-message work is such bursts (the signaling rows before 2026-12-03 read as low).
    /// </summary>
    public static double BusyMilliseconds()
    {
        if (File.Exists(CgroupV1Usage))
        {
            return long.Parse(File.ReadAllText(CgroupV1Usage), System.Globalization.CultureInfo.InvariantCulture) / 1e6;
        }
        if (File.Exists(CgroupV2Stat))
        {
            var usage = File.ReadLines(CgroupV2Stat).First(line => line.StartsWith("usage_usec ", StringComparison.Ordinal));
            return long.Parse(usage["usage_usec ".Length..], System.Globalization.CultureInfo.InvariantCulture) / 1e3;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = BusyFields.Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture));
        return ticks * MillisecondsPerTick;
    }

    private const string CgroupV1Usage = "/sys/fs/cgroup/cpuacct/cpuacct.usage", CgroupV2Stat = "/sys/fs/cgroup/cpu.stat";

    public static double ProcessMilliseconds(int processId) => Stat(File.ReadAllText($"/proc/{processId}/stat")).Ticks * MillisecondsPerTick;

    /// <summary>
    /// CPU time of every process below <paramref name="root"/> (not itself) whose name <paramref name="counts"/>,
    /// those that ended included (in the time of the parent that reaped them), however busy the rest of the machine is.
    /// </summary>
    public static double DescendantsMilliseconds(int root, Func<string, bool> counts) =>
        Descendants(root).Where(p => counts(p.Name)).Sum(p => p.Ticks) * MillisecondsPerTick;

    /// <summary>
    /// CPU time of each thread of the processes below <paramref name="root"/> whose command line holds
    /// <paramref name="argument"/>, in nanoseconds by thread id (<c>schedstat</c>): ticks of 10 ms are too
    /// coarse for work of a few milliseconds a second. <see cref="Between"/> subtracts two readings.
    /// </summary>
    public static Dictionary<int, long> DescendantThreadNanoseconds(int root, string argument) =>
        Descendants(root)
            .Where(p => Read(() => File.ReadAllText($"/proc/{p.Pid}/cmdline"), "").Contains(argument, StringComparison.Ordinal))
            .SelectMany(p => Read(() => Directory.GetDirectories($"/proc/{p.Pid}/task"), []))
            .Select(thread => (Id: int.Parse(Path.GetFileName(thread), System.Globalization.CultureInfo.InvariantCulture),
                Nanoseconds: Read(() => long.Parse(File.ReadAllText(Path.Combine(thread, "schedstat")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture), -1)))
            .Where(thread => thread.Nanoseconds >= 0)
            .ToDictionary(thread => thread.Id, thread => thread.Nanoseconds);

    /// <summary>The threads of the Chromium renderers this tool started, as <see cref="DescendantThreadNanoseconds"/> reads them.</summary>
    public static Dictionary<int, long> RendererThreadNanoseconds() => DescendantThreadNanoseconds(Environment.ProcessId, "--type=renderer");

    /// <summary>The machine's load averages, as a line of /proc/loadavg: to tell a quiet machine from a busy one.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    /// <summary>
    /// The milliseconds the threads spent between two readings, thread by thread: a process's total would
    /// lose all the time of a thread that ends (pools end idle threads), here it loses only its last moments.
    /// </summary>
    public static double Between(IReadOnlyDictionary<int, long> before, IReadOnlyDictionary<int, long> after) =>
        after.Sum(thread => thread.Value - before.GetValueOrDefault(thread.Key)) / 1e6;

    private static List<(int Pid, string Name, long Ticks)> Descendants(int root)
    {
        var all = new List<(int Pid, int Parent, string Name, long Ticks)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc").Where(f => Path.GetFileName(f).All(char.IsAsciiDigit)))
        {
            try
            {
                var (name, parent, ticks) = Stat(File.ReadAllText(Path.Combine(folder, "stat")), reaped: true);
                all.Add((int.Parse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture), parent, name, ticks));
            }
            catch (IOException)
            {
                // It ended while being read.
            }
        }
        var below = new HashSet<int> { root };
        while (all.Where(p => below.Contains(p.Parent) && !below.Contains(p.Pid)).Select(p => p.Pid).ToList() is { Count: > 0 } children)
        {
            below.UnionWith(children);
        }
        return [.. all.Where(p => p.Pid != root && below.Contains(p.Pid)).Select(p => (p.Pid, p.Name, p.Ticks))];
    }

    /// <summary>What <paramref name="read"/> finds in <c>/proc</c>, or <paramref name="ended"/> when its process or thread ended while being read.</summary>
    private static T Read<T>(Func<T> read, T ended)
    {
        try
        {
            return read();
        }
        catch (IOException)
        {
            return ended;
        }
    }

    /// <summary>A process's name, parent and CPU ticks (utime, stime; with <paramref name="reaped"/>, its reaped children's too).</summary>
    private static (string Name, int Parent, long Ticks) Stat(string stat, bool reaped = false)
    {
        // The name is in parentheses and may hold spaces; after it, state is field 3, the parent 4, utime 14 to cstime 17.
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        var number = (int i) => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture);
        return (stat[(stat.IndexOf('(') + 1)..close], (int)number(1), number(11) + number(12) + (reaped ? number(13) + number(14) : 0));
    }
}
