using System.Globalization;
using System.Text.RegularExpressions;
using Viv.Calls;
using Viv.Testing;

namespace Viv.Benchmarks;

/// <summary>
/// The media command's two Janus instances, started before the embedded Viv so that it is configured
/// with both: a call's room goes to one, and moves to the other when that one is killed.
/// </summary>
internal sealed partial class JanusPair(JanusServer first, JanusServer second) : IAsyncDisposable
{
    public JanusServer First => first;

    public static async Task<JanusPair> Start() => new(await JanusServer.Start("janus-a"), await JanusServer.Start("janus-b"));

    /// <summary>
    /// Viv's settings for both; calls past two people go through them (a third crosses the mesh limit,
    /// as in ForwardedCallTests), and may grow as far as Viv allows.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(first.Settings(0).Concat(second.Settings(1)))
    {
        ["Viv:Calls:MeshLimit"] = "2",
        ["Viv:Calls:MaxParticipants"] = CallRules.LargestCall.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The instance Viv placed its newest room on, as its log says.</summary>
    public JanusServer Hosting(VivServer viv)
    {
        var name = viv.Log.Select(entry => RoomOpened().Match(entry.Message)).Last(match => match.Success).Groups[1].Value;
        return name == first.Name ? first : second;
    }

    /// <summary>Kills <paramref name="janus"/>, runs <paramref name="meanwhile"/>, restarts it and waits until Viv has a session on it again.</summary>
    public static async Task KillAndRestart(JanusServer janus, VivServer viv, Func<Task> meanwhile)
    {
        var up = $"Janus {janus.Name} at {janus.Url} is up";
        var ups = viv.Log.Count(entry => entry.Message.StartsWith(up, StringComparison.Ordinal));
        await janus.Kill();
        await meanwhile();
        await janus.Restart();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (viv.Log.Count(entry => entry.Message.StartsWith(up, StringComparison.Ordinal)) == ups)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Viv did not reconnect to {janus.Name} within 60 s of its restart");
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [GeneratedRegex(@"^Room \d+ for \d+ publishers opened on Janus (\S+),")]
    private static partial Regex RoomOpened();
}
