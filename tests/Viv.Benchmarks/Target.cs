using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>The Viv under test: one the tool starts (embedded, Release build) or one already running at <c>--url</c>.</summary>
internal sealed class Target : IAsyncDisposable
{
    private readonly VivServer? _embedded;

    private Target(Uri address, int? processId, VivServer? embedded) =>
        (Address, ProcessId, _embedded) = (address, processId, embedded);

    public Uri Address { get; }

    /// <summary>The Viv the tool started, for what only its own process and log tell (the media command).</summary>
    public VivServer Embedded => _embedded ?? throw new InvalidOperationException("Only a Viv the tool starts itself can be measured this way: leave out --url.");

    /// <summary>The server process whose memory is read, when the tool can know it.</summary>
    public int? ProcessId { get; }

    /// <summary>
    /// The fan-out's one user accepts a thousand contacts in seconds, which no person does, so the
    /// embedded Viv lifts the budgets that stop abuse; a Viv at <c>--url</c> needs the same settings.
    /// </summary>
    public static async Task<Target> Open(Options options)
    {
        if (options.Url is { } url)
        {
            return new Target(url, options.Pid, null);
        }
        var embedded = await VivServer.Start(VivServer.Unpaced.Concat(options.Settings).ToDictionary());
        return new Target(embedded.BaseAddress, embedded.ProcessId, embedded);
    }

    /// <summary>Resident memory of the server process in bytes, from <c>/proc</c>.</summary>
    public long ResidentBytes() =>
        VivServer.ResidentBytes(ProcessId ?? throw new InvalidOperationException("Memory needs the server's process id: pass --pid with --url."));

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
