namespace Viv.Web.Hosting;

/// <summary>The <c>Viv</c> configuration section (environment variables: <c>Viv__DataDirectory</c> and so on).</summary>
public sealed class VivOptions
{
    public const string Section = "Viv";

    public string DataDirectory { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "viv");

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}
