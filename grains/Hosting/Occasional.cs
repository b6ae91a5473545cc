namespace Viv.Hosting;

/// <summary>
/// How long a grain a person needs only now and then stays in memory once idle. Registering and the home
/// page wake eight grains per person; an idle connection needs two of them (its presence, which holds the
/// connections, and its device session). The grains marked with this age keep nothing in memory that their
/// storage does not, so letting them go early costs a storage read when next used, and saves each
/// connected person Orleans' bookkeeping of 1.85 KB per activation plus the grain and its state
/// (BENCHMARKS.md, memory per idle connection).
/// </summary>
public static class Occasional
{
    public const double IdleMinutes = 2;
}
