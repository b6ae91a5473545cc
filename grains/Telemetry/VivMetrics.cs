using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Viv.Accounts;
using Viv.Calls;
using Viv.Realtime;

namespace Viv.Telemetry;

/// <summary>
/// What Viv itself measures, on the meter <see cref="MeterName"/> of every silo and web node. Each
/// instrument counts where its event happens (a web node's connections, a silo's calls), so a cluster's
/// figure is the sum over its nodes. Labels name kinds of things, never a person, a call or a session:
/// operators see how many and how fast, not who.
/// </summary>
public static class VivMetrics
{
    private static readonly Meter Meter = new("Viv");

    /// <summary>The meter's name; asking for it makes every instrument, the gauges of a node without a call yet included.</summary>
    public static string MeterName => Meter.Name;

    /// <summary>Milliseconds, finer than OpenTelemetry's default buckets below 10 ms, where signals and fan-outs on one machine live.</summary>
    private static readonly InstrumentAdvice<double> Milliseconds = new()
    {
        HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    };

    // Gauges read from counts kept here, so every node reports them from its start, zero included: a
    // silo without calls says 0 rather than nothing, and a sum over the cluster's nodes is always whole.
    private static long _browsers, _mobiles, _online, _ringing, _connected;

    private static readonly ObservableUpDownCounter<long> Connections = Meter.CreateObservableUpDownCounter(
        "viv.connections", () => new[] { Count(ref _browsers, "device", "browser"), Count(ref _mobiles, "device", "mobile") },
        "{connection}", "Hub connections this web node holds, by device");

    private static readonly ObservableUpDownCounter<long> Online = Meter.CreateObservableUpDownCounter(
        "viv.people.online", () => Volatile.Read(ref _online),
        "{person}", "People with an open connection, counted on the silo that holds their presence");

    private static readonly ObservableUpDownCounter<long> Calls = Meter.CreateObservableUpDownCounter(
        "viv.calls", () => new[] { Count(ref _ringing, "phase", "ringing"), Count(ref _connected, "phase", "connected") },
        "{call}", "Calls ringing or in progress on this silo, by phase");

    private static readonly Counter<long> CallsEnded = Meter.CreateCounter<long>(
        "viv.calls.ended", "{call}", "Calls that ended on this silo, by outcome for whoever placed them");

    private static readonly Counter<long> Signals = Meter.CreateCounter<long>(
        "viv.signals", "{signal}", "Call signals (SDP, ICE) that entered through this web node, by result");

    private static readonly Histogram<double> SignalRelay = Meter.CreateHistogram<double>(
        "viv.signal.relay.duration", "ms", "From a signal entering a web node to it leaving the web node of its recipient", advice: Milliseconds);

    private static readonly Histogram<int> FanOutSize = Meter.CreateHistogram<int>(
        "viv.presence.fanout.contacts", "{contact}", "Contacts told of one presence change");

    private static readonly Histogram<double> FanOutTime = Meter.CreateHistogram<double>(
        "viv.presence.fanout.duration", "ms", "From a presence change to its last web node being sent it", advice: Milliseconds);

    private static readonly Counter<long> SignInsFailed = Meter.CreateCounter<long>(
        "viv.signins.failed", "{sign-in}", "Password sign-ins refused, by reason");

    private static readonly Counter<long> BudgetRefusals = Meter.CreateCounter<long>(
        "viv.budget.refusals", "{action}", "Actions refused for being over their budget, by budget");

    private static readonly Counter<long> TurnCredentials = Meter.CreateCounter<long>(
        "viv.turn.credentials", "{credential}", "TURN credentials handed out");

    /// <summary>Where the time a signal entered travels with it: Orleans' request context, which follows it through the room and the presence grain to the recipient's web node.</summary>
    private const string SignalEnteredAt = "viv-signal-in";

    public static void ConnectionOpened(DeviceKind device) => Interlocked.Increment(ref device == DeviceKind.Mobile ? ref _mobiles : ref _browsers);

    public static void ConnectionClosed(DeviceKind device) => Interlocked.Decrement(ref device == DeviceKind.Mobile ? ref _mobiles : ref _browsers);

    /// <summary>Someone's presence changed from <paramref name="was"/> to <paramref name="now"/>: coming online or going offline moves the count.</summary>
    public static void PresenceMoved(Presence was, Presence now)
    {
        if ((was == Presence.Offline) != (now == Presence.Offline))
        {
            Interlocked.Add(ref _online, now == Presence.Offline ? -1 : 1);
        }
    }

    /// <summary>A call room moved from one phase to another; only ringing and connected rooms are counted.</summary>
    public static void CallMoved(CallPhase was, CallPhase now)
    {
        if (was == now)
        {
            return;
        }
        Move(was, -1);
        Move(now, 1);

        static void Move(CallPhase phase, long by)
        {
            if (phase == CallPhase.Ringing)
            {
                Interlocked.Add(ref _ringing, by);
            }
            else if (phase == CallPhase.Connected)
            {
                Interlocked.Add(ref _connected, by);
            }
        }
    }

    public static void CallEnded(CallOutcome outcome) => CallsEnded.Add(1, new KeyValuePair<string, object?>("outcome", Label(outcome)));

    /// <summary>
    /// A signal enters: its time goes with the grain calls it makes (see <see cref="SignalLeaving"/>), only
    /// while something listens: otherwise every signal would carry a request context for nobody.
    /// </summary>
    public static void SignalEntering()
    {
        if (SignalRelay.Enabled)
        {
            RequestContext.Set(SignalEnteredAt, DateTime.UtcNow.Ticks);
        }
    }

    /// <summary>
    /// How the hub's signal ended: relayed, or the reason it was refused; and whether through the call's room
    /// or straight between two tabs of one web node, which tells operators how often a call's tabs share a node.
    /// </summary>
    public static void SignalAnswered(CallError error, bool throughRoom) =>
        Signals.Add(1, new KeyValuePair<string, object?>("result", error == CallError.None ? "relayed" : Label(error)),
            new KeyValuePair<string, object?>("route", throughRoom ? "room" : "node"));

    /// <summary>
    /// An event leaves for its connections: a relayed signal records how long it took since it entered. Wall
    /// clock ticks, as the two ends may be different web nodes: across machines the figure is only as good as
    /// their clocks' agreement.
    /// </summary>
    public static void SignalLeaving(ClientEvent clientEvent)
    {
        if (clientEvent is CallSignalled && RequestContext.Get(SignalEnteredAt) is long enteredAt)
        {
            SignalRelay.Record(TimeSpan.FromTicks(DateTime.UtcNow.Ticks - enteredAt).TotalMilliseconds);
        }
    }

    public static void PresenceFannedOut(int contacts, long startedAt)
    {
        FanOutSize.Record(contacts);
        FanOutTime.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
    }

    public static void SignInFailed(SignInOutcome outcome) => SignInsFailed.Add(1, new KeyValuePair<string, object?>("reason", Label(outcome)));

    /// <summary>A budget refused an action; <paramref name="budget"/> is the budget's name, never who hit it.</summary>
    public static void BudgetRefused(string budget) => BudgetRefusals.Add(1, new KeyValuePair<string, object?>("budget", budget));

    public static void TurnCredentialIssued() => TurnCredentials.Add(1);

    private static Measurement<long> Count(ref long count, string label, string value) => new(Volatile.Read(ref count), new KeyValuePair<string, object?>(label, value));

    /// <summary>An enumeration's value as a label: snake case, as Viv's API codes.</summary>
    public static string Label<T>(T value) where T : struct, Enum => Labels<T>.Of.TryGetValue(value, out var label) ? label : "other";

    private static class Labels<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Of = Enum.GetValues<T>()
            .ToFrozenDictionary(value => value, value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));
    }
}
