using System.Globalization;

namespace Viv.Benchmarks;

/// <summary>
/// The command line. <c>--smoke</c> is the short run the test command makes so the tool keeps working;
/// <c>--pid</c> names the server process whose memory <c>connections</c> reads when <c>--url</c> points elsewhere.
/// </summary>
internal sealed record Options(
    string Command,
    Uri? Url,
    int? Pid,
    int Pairs,
    IReadOnlyList<int> Rates,
    double Seconds,
    IReadOnlyList<string> Targets,
    int Rounds,
    IReadOnlyList<int> Connections,
    IReadOnlyList<int> Contacts,
    int Repetitions,
    int HoldSeconds,
    int Switches,
    IReadOnlyList<int> Participants,
    IReadOnlyList<int> Publishers,
    IReadOnlyList<int> Subscriptions,
    bool MeshOnly,
    double RingSeconds,
    int Frames,
    string? Json,
    IReadOnlyDictionary<string, string> Settings)
{
    public const string Usage = """
        usage: viv-bench <command> [options]
          signaling    [--pairs 250] [--rates 5000,10000] [--seconds 10] [--rounds 5] [--targets viv,signalr,socketio,raw]
                       (signalr: a plain SignalR hub; socketio: the seed's socket.io 4.8 on Node; raw: a WebSocket relay)
          connections  [--connections 5000,19000] [--seconds 10 (wait before each reading)] [--pid PID] [--hold-seconds S (keep them open for a profiler)]
                       [--targets viv,signalr (Viv's signed-in connections, then the plain hub's)]
          fanout       [--contacts 1000] [--repetitions 200 (after 20 unreported)]
          media        [--switches 10] [--participants 3,4,5,6,8,10] [--publishers 1,5,10] [--subscriptions 0,10,20,40] [--seconds S (each window)]
                       [--mesh-only (the control: the third joins a mesh, the same growth without the move; switches only)]
                       [--ring-seconds 3 (how long the third is rung before they answer)]
                       (starts two Janus and its own Viv configured for them: no --url)
          e2ee         [--frames 10000 (timed per stream)] [--seconds S (each stream paced at its frame rate)]
          noise        [--seconds S (each of 4 windows with it off and 4 with it on)]
          all          signaling, connections, fanout, e2ee and noise in turn on one Viv (the test command's smoke run; measure each alone)
        every command: [--url http://host:port] [--json FILE] [--smoke]
        Without --url the tool starts its own embedded Viv (the Release build) in a temporary data directory;
        --setting Key=Value (repeatable) configures it, e.g. --setting Viv:Calls:MaxParticipants=8.
        """;

    public static Options Parse(string[] args)
    {
        var options = new Options(args.FirstOrDefault() ?? "", null, null, 250, [5000, 10000], 10, ["viv", Anchor.PlainSignalR, Anchor.SocketIo, Anchor.Raw], 5, [5000, 19000], [1000], 200, 0, 10, [3, 4, 5, 6, 8, 10], [1, 5, 10], [0, 10, 20, 40], false, 3, 10_000, null, new Dictionary<string, string>());
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            options = args[i] switch
            {
                "--url" => options with { Url = new Uri(value) },
                "--pid" => options with { Pid = Number(value) },
                "--pairs" => options with { Pairs = Number(value) },
                "--rates" => options with { Rates = Numbers(value) },
                "--seconds" => options with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--targets" => options with { Targets = TargetNames(value) },
                "--rounds" => options with { Rounds = Number(value) },
                "--connections" => options with { Connections = Numbers(value) },
                "--contacts" => options with { Contacts = Numbers(value) },
                "--repetitions" => options with { Repetitions = Number(value) },
                "--hold-seconds" => options with { HoldSeconds = Number(value) },
                "--switches" => options with { Switches = Number(value) },
                "--participants" => options with { Participants = Numbers(value) },
                "--publishers" => options with { Publishers = Numbers(value) },
                "--subscriptions" => options with { Subscriptions = Numbers(value) },
                "--ring-seconds" => options with { RingSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--frames" => options with { Frames = Number(value) },
                "--json" => options with { Json = value },
                "--setting" => value.Split('=', 2) is [var key, var setting] && key.Length > 0
                    ? options with { Settings = new Dictionary<string, string>(options.Settings) { [key] = setting } }
                    : throw new ArgumentException($"--setting needs Key=Value, not \"{value}\""),
                "--mesh-only" => options with { MeshOnly = true, Settings = new Dictionary<string, string>(options.Settings) { ["Viv:Calls:MeshLimit"] = "3" } },
                "--smoke" => options with { Pairs = 4, Rates = [200], Seconds = 2, Rounds = 1, Connections = [20], Contacts = [20], Repetitions = 3,
                    Switches = 1, Participants = [3], Publishers = [1], Subscriptions = [1], Frames = 200 },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
            if (args[i] is not ("--smoke" or "--mesh-only"))
            {
                i++;
            }
        }
        return options;
    }

    private static int Number(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static int[] Numbers(string value) => [.. value.Split(',').Select(Number)];

    private static string[] TargetNames(string value) =>
        value.Split(',') is var names && names.All(name => name is "viv" or Anchor.PlainSignalR or Anchor.SocketIo or Anchor.Raw) && names.Distinct().Count() == names.Length
            ? names
            : throw new ArgumentException($"--targets takes viv, {Anchor.PlainSignalR}, {Anchor.SocketIo} and {Anchor.Raw}, each once, not \"{value}\"");
}
