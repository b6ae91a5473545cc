namespace Viv.Browser.Tests;

/// <summary>
/// The classes that run after every other class of the tier, with nothing of the tier beside them.
/// ForwardedCallTests' calls of up to five browsers through Janus started first as a long class, in
/// the run's busiest minutes (the grain, cluster and benchmark tiers beside it, load 20-34 on two
/// cores), and failed in fresh-clone runs at a different step each time: connections with Janus
/// whose ICE failed, a forwarded video that never played. By the browser tier's end the other tiers
/// are done. NoiseSuppressionTests measures real-time audio processing, which a starved machine
/// measures instead (see there).
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
