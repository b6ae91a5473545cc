namespace Viv.Benchmarks;

/// <summary>Latencies of one run, in milliseconds, and their percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];
    private readonly Lock _lock = new();

    public void Add(long sentTimestamp)
    {
        var ms = System.Diagnostics.Stopwatch.GetElapsedTime(sentTimestamp).TotalMilliseconds;
        lock (_lock)
        {
            _samples.Add(ms);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _samples.Clear();
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    public Summary Summarize(string target, int round, int rate, int sent, double machineCpuMilliseconds, double serverCpuMilliseconds)
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = [.. _samples.Order()];
        }
        double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Summary(target, round, rate, sent, sorted.Length, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1],
            sorted.Length == 0 ? double.NaN : machineCpuMilliseconds / sorted.Length,
            sorted.Length == 0 ? double.NaN : serverCpuMilliseconds / sorted.Length);
    }
}

/// <summary>
/// One step: a target at a rate in one round. The machine's CPU is everything's, the load generator's
/// included (see <see cref="MachineCpu"/>), and the server's its process's alone, both in CPU-seconds per 1,000 messages received.
/// </summary>
internal sealed record Summary(string Target, int Round, int Rate, int Sent, int Received, double P50, double P95, double P99, double Max,
    double MachineCpuSecondsPerThousand, double ServerCpuSecondsPerThousand);
