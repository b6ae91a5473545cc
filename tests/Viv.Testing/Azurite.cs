using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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
    private string? _certificates;

    /// <summary>A full account connection string for this emulator, as a real account's would look.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};"
        + $"BlobEndpoint=http://127.0.0.1:{_blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{_queuePort}/{Account};TableEndpoint=http://127.0.0.1:{_tablePort}/{Account};";

    /// <summary>
    /// The account's endpoints alone, over HTTPS, as Viv takes them for a managed identity (only with
    /// <see cref="StartForTokens"/>): requests must carry a token, there is no key to sign them with.
    /// </summary>
    public string TokenEndpoints => $"TableEndpoint=https://127.0.0.1:{_tablePort}/{Account};BlobEndpoint=https://127.0.0.1:{_blobPort}/{Account}";

    /// <summary>
    /// The PEM file of the self-signed certificate Azurite serves HTTPS with (only with <see cref="StartForTokens"/>):
    /// a process trusts it when <c>SSL_CERT_FILE</c> names it.
    /// </summary>
    public string CertificateFile => Path.Combine(_certificates!, "azurite.pem");

    public static Task<Azurite> Start() => Start(new Azurite(), []);

    /// <summary>
    /// Azurite over HTTPS that also takes bearer tokens, as an account does for a managed identity.
    /// Its check is Azurite's "basic" one: a JWT from an Entra ID issuer, for Azure Storage, within
    /// its lifetime; it does not verify the signature. (The Azure SDK sends a token only over TLS.)
    /// </summary>
    public static Task<Azurite> StartForTokens()
    {
        var azurite = new Azurite { _certificates = Directory.CreateTempSubdirectory("viv-azurite-").FullName };
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(azurite.CertificateFile, certificate.ExportCertificatePem());
        var keyFile = Path.Combine(azurite._certificates, "azurite.key");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return Start(azurite, ["--oauth", "basic", "--cert", azurite.CertificateFile, "--key", keyFile]);
    }

    private static async Task<Azurite> Start(Azurite azurite, string[] options)
    {
        var start = new ProcessStartInfo(Path.Combine(VivServer.RepositoryRoot, "deploy", "azurite", "node_modules", ".bin", "azurite"))
        {
            ArgumentList =
            {
                "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry",
                "--blobPort", $"{azurite._blobPort}", "--queuePort", $"{azurite._queuePort}", "--tablePort", $"{azurite._tablePort}",
            },
        };
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }
        azurite._process = await ServiceProcess.Start(start, "npm ci --prefix deploy/azurite installs it; ./test.sh does",
            "Blob service is successfully listening", "Queue service is successfully listening", "Table service is successfully listening");
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (_certificates is not null)
        {
            Directory.Delete(_certificates, recursive: true);
        }
    }
}
