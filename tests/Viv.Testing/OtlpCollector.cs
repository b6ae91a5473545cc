using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Viv.Testing;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP receiver (binary protobuf, as the .NET exporter sends it) on a
/// loopback port: what an operator's collector would be sent. It reads the export requests of traces,
/// metrics and logs field by field as opentelemetry-proto v1 defines them, and keeps every span, data
/// point and log record with its node (the resource's service.instance.id) and attributes.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();
    private readonly ConcurrentQueue<ExportedPoint> _points = new();
    private readonly ConcurrentQueue<ExportedLog> _logs = new();
    private readonly ConcurrentQueue<string> _texts = new();
    private readonly Task _serving;

    private OtlpCollector(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Endpoint}");
        _listener.Start();
        _serving = Listening.Serve(_listener, context => _ = Task.Run(() => Answer(context)));
    }

    public Uri Endpoint { get; }

    public static OtlpCollector Start() => new(VivServer.FreePort());

    /// <summary>The settings that point a node at this collector, exporting every half second.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public IReadOnlyList<ExportedSpan> Spans => [.. _spans];

    public IReadOnlyList<ExportedPoint> Points => [.. _points];

    public IReadOnlyList<ExportedLog> Logs => [.. _logs];

    /// <summary>
    /// Every text exported in metrics and traces: names, attribute keys and values (of resources, scopes,
    /// spans, their events and links, data points and exemplars), status messages.
    /// </summary>
    public IReadOnlyList<string> Texts => [.. _texts];

    /// <summary>Waits until some exported span satisfies <paramref name="wanted"/>.</summary>
    public Task<ExportedSpan> Span(Func<ExportedSpan, bool> wanted, string what) => Waiting.For(() => Spans.FirstOrDefault(wanted), what);

    /// <summary>Waits until some exported data point satisfies <paramref name="wanted"/>.</summary>
    public Task<ExportedPoint> Point(Func<ExportedPoint, bool> wanted, string what) => Waiting.For(() => Points.LastOrDefault(wanted), what);

    private async Task Answer(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var request = new ReadOnlyMemory<byte>(body.ToArray());
        var known = true;
        switch (context.Request.Url!.AbsolutePath)
        {
            case "/v1/traces":
                ReadTraces(request);
                break;
            case "/v1/metrics":
                ReadMetrics(request);
                break;
            case "/v1/logs":
                ReadLogs(request);
                break;
            default:
                known = false;
                break;
        }
        context.Response.StatusCode = known ? (int)HttpStatusCode.OK : (int)HttpStatusCode.NotFound;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    }

    /// <summary>
    /// Each item of an export request (a span, a metric, a log record) with the node that sent it: the three
    /// signals nest alike, request → per resource (1) → per scope (2) → items (2).
    /// </summary>
    private IEnumerable<(string Node, ReadOnlyMemory<byte> Item)> Items(ReadOnlyMemory<byte> request)
    {
        foreach (var perResource in Protobuf.Messages(request, 1))
        {
            var node = Resource(perResource);
            foreach (var perScope in Protobuf.Messages(perResource, 2))
            {
                Scope(perScope);
                foreach (var item in Protobuf.Messages(perScope, 2))
                {
                    yield return (node, item);
                }
            }
        }
    }

    private void ReadTraces(ReadOnlyMemory<byte> request)
    {
        foreach (var (node, span) in Items(request))
        {
            _spans.Enqueue(ReadSpan(span, node));
        }
    }

    private ExportedSpan ReadSpan(ReadOnlyMemory<byte> span, string node)
    {
        var name = Protobuf.Text(span, 5) ?? "";
        _texts.Enqueue(name);
        foreach (var spanEvent in Protobuf.Messages(span, 11))
        {
            _texts.Enqueue(Protobuf.Text(spanEvent, 2) ?? "");
            Attributes(spanEvent, 3);
        }
        foreach (var link in Protobuf.Messages(span, 13))
        {
            Attributes(link, 4);
        }
        if (Protobuf.Messages(span, 15).FirstOrDefault() is { Length: > 0 } status && Protobuf.Text(status, 2) is { } message)
        {
            _texts.Enqueue(message);
        }
        return new ExportedSpan(
            Hex(Protobuf.Bytes(span, 1)), Hex(Protobuf.Bytes(span, 2)), Protobuf.Bytes(span, 4) is { Length: > 0 } parent ? Hex(parent) : null,
            name, (int)Protobuf.Number(span, 6), node, Attributes(span, 9));
    }

    private void ReadMetrics(ReadOnlyMemory<byte> request)
    {
        foreach (var (node, metric) in Items(request))
        {
            var name = Protobuf.Text(metric, 1) ?? "";
            _texts.Enqueue(name);
            ReadPoints(metric, name, node);
        }
    }

    /// <summary>
    /// Gauge (5) and sum (7) points hold their attributes in field 7 and exemplars in 5, histograms' (9) in 9
    /// and 8, exponential histograms' (10) in 1 and 11, summaries' (11) in 7.
    /// </summary>
    private void ReadPoints(ReadOnlyMemory<byte> metric, string name, string node)
    {
        foreach (var (kind, attributesField) in new[] { (5, 7), (7, 7), (9, 9), (10, 1), (11, 7) })
        {
            foreach (var data in Protobuf.Messages(metric, kind))
            {
                foreach (var point in Protobuf.Messages(data, 1))
                {
                    foreach (var exemplar in Protobuf.Messages(point, kind switch { 9 => 8, 10 => 11, _ => 5 }))
                    {
                        Attributes(exemplar, 7);
                    }
                    var value = kind switch
                    {
                        9 or 10 or 11 => Protobuf.Fixed64(point, 4),
                        _ => Protobuf.Has(point, 4) ? BitConverter.UInt64BitsToDouble(Protobuf.Fixed64(point, 4)) : (long)Protobuf.Fixed64(point, 6),
                    };
                    _points.Enqueue(new ExportedPoint(name, node, Attributes(point, attributesField), value));
                }
            }
        }
    }

    /// <summary>Logs are kept apart: they say who did what, as the console does, and are not among <see cref="Texts"/>.</summary>
    private void ReadLogs(ReadOnlyMemory<byte> request)
    {
        foreach (var (_, log) in Items(request))
        {
            var body = Protobuf.Messages(log, 5).FirstOrDefault() is { Length: > 0 } value ? Protobuf.Text(value, 1) : null;
            _logs.Enqueue(new ExportedLog(body ?? "", Protobuf.Bytes(log, 9) is { Length: > 0 } trace ? Hex(trace) : null));
        }
    }

    private string Resource(ReadOnlyMemory<byte> owner)
    {
        var resource = Protobuf.Messages(owner, 1).FirstOrDefault();
        return Attributes(resource, 1).GetValueOrDefault("service.instance.id", "");
    }

    private void Scope(ReadOnlyMemory<byte> owner)
    {
        if (Protobuf.Messages(owner, 1).FirstOrDefault() is { Length: > 0 } scope)
        {
            _texts.Enqueue(Protobuf.Text(scope, 1) ?? "");
            Attributes(scope, 3);
        }
    }

    /// <summary>A message's KeyValue attributes in <paramref name="field"/>, their values as text; every key and value is kept among <see cref="Texts"/>.</summary>
    private Dictionary<string, string> Attributes(ReadOnlyMemory<byte> message, int field)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var pair in Protobuf.Messages(message, field))
        {
            var key = Protobuf.Text(pair, 1) ?? "";
            var value = Protobuf.Messages(pair, 2).FirstOrDefault() is { Length: > 0 } any ? AnyValue(any) : "";
            attributes[key] = value;
            _texts.Enqueue(key);
            _texts.Enqueue(value);
        }
        return attributes;
    }

    /// <summary>AnyValue: string 1, bool 2, int 3, double 4, array 5, key-value list 6, bytes 7.</summary>
    private string AnyValue(ReadOnlyMemory<byte> any)
    {
        foreach (var field in Protobuf.Fields(any))
        {
            return field.Number switch
            {
                1 => Encoding.UTF8.GetString(field.Bytes.Span),
                2 or 3 => field.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                4 => BitConverter.UInt64BitsToDouble(field.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                5 => string.Join(",", Protobuf.Messages(field.Bytes, 1).Select(AnyValue)),
                6 => string.Join(",", Attributes(field.Bytes, 1).Select(pair => $"{pair.Key}={pair.Value}")),
                _ => Convert.ToHexStringLower(field.Bytes.Span),
            };
        }
        return "";
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }

    /// <summary>The protobuf wire format, as much as reading OTLP needs: varints, fixed 64 and 32 bits, length-delimited fields.</summary>
    private static class Protobuf
    {
        public readonly record struct Field(int Number, ulong Value, ReadOnlyMemory<byte> Bytes);

        public static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
        {
            var at = 0;
            while (at < message.Length)
            {
                var tag = Varint(message.Span, ref at);
                var number = (int)(tag >> 3);
                switch (tag & 7)
                {
                    case 0:
                        yield return new Field(number, Varint(message.Span, ref at), default);
                        break;
                    case 1:
                        yield return new Field(number, BinaryPrimitives.ReadUInt64LittleEndian(message.Span[at..]), default);
                        at += 8;
                        break;
                    case 2:
                        var length = (int)Varint(message.Span, ref at);
                        yield return new Field(number, 0, message.Slice(at, length));
                        at += length;
                        break;
                    case 5:
                        yield return new Field(number, BinaryPrimitives.ReadUInt32LittleEndian(message.Span[at..]), default);
                        at += 4;
                        break;
                    default:
                        throw new InvalidDataException($"Protobuf wire type {tag & 7} is not OTLP's.");
                }
            }
        }

        public static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int number) =>
            Fields(message).Where(f => f.Number == number).Select(f => f.Bytes);

        public static string? Text(ReadOnlyMemory<byte> message, int number) =>
            Fields(message).Where(f => f.Number == number).Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).Cast<string?>().FirstOrDefault();

        public static ReadOnlyMemory<byte> Bytes(ReadOnlyMemory<byte> message, int number) =>
            Fields(message).Where(f => f.Number == number).Select(f => f.Bytes).FirstOrDefault();

        public static ulong Number(ReadOnlyMemory<byte> message, int number) => Fields(message).Where(f => f.Number == number).Select(f => f.Value).FirstOrDefault();

        public static ulong Fixed64(ReadOnlyMemory<byte> message, int number) => Number(message, number);

        public static bool Has(ReadOnlyMemory<byte> message, int number) => Fields(message).Any(f => f.Number == number);

        private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[at++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}

/// <summary>A span as exported: ids in hex, its kind (1 internal, 2 server, 3 client, 4 producer, 5 consumer), the node that made it.</summary>
public sealed record ExportedSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind, string Node, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One data point of a metric: a sum's or gauge's value, a histogram's count.</summary>
public sealed record ExportedPoint(string Metric, string Node, IReadOnlyDictionary<string, string> Attributes, double Value);

/// <summary>A log record: its body (the message's template or text) and the trace it was written in, if any.</summary>
public sealed record ExportedLog(string Body, string? TraceId);
