using System.Diagnostics;

namespace Viv.Testing;

/// <summary>
/// Microsoft's Azure Storage emulator on free loopback ports, keeping its data in memory: the npm
/// package pinned in <c>deploy/azurite/package.json</c>, which <c>./test.sh</c> installs.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's one account and its key, the same on every machine (Microsoft documents both).
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly int _blobPort = VivServer.FreePort(), _queuePort = VivServer.FreePort(), _tablePort = VivServer.FreePort();
    private Process _process = null!;

    /// <summary>A full account connection string for this emulator, as a real account's would look.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};"
        + $"BlobEndpoint=http://127.0.0.1:{_blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{_queuePort}/{Account};TableEndpoint=http://127.0.0.1:{_tablePort}/{Account};";

    public static async Task<Azurite> Start()
    {
        var azurite = new Azurite();
        var start = new ProcessStartInfo(Path.Combine(VivServer.RepositoryRoot, "deploy", "azurite", "node_modules", ".bin", "azurite"))
        {
            ArgumentList =
            {
                "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry",
                "--blobPort", $"{azurite._blobPort}", "--queuePort", $"{azurite._queuePort}", "--tablePort", $"{azurite._tablePort}",
            },
        };
        azurite._process = await ServiceProcess.Start(start, "npm ci --prefix deploy/azurite installs it; ./test.sh does",
            "Blob service is successfully listening", "Queue service is successfully listening", "Table service is successfully listening");
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
