using System.Collections.Frozen;
using System.Diagnostics;
using OpenTelemetry;

namespace Viv.Telemetry;

/// <summary>
/// Takes from every span, before it is exported, each attribute not known to name only a kind of thing.
/// Orleans tags a grain call with the ids of its grains (a person's id is the key of their grains),
/// ASP.NET Core tags a request with its path (<c>/pictures/{id}</c>), the client's address and its
/// browser: none of it may leave the node. An allowlist, so whatever a new version of a library adds
/// stays home until someone reads it and lets it through. A span's status keeps its code and loses its
/// description (an exception's message may quote an id); the logs, which carry the trace id, tell more.
/// </summary>
public sealed class ImpersonalSpans : BaseProcessor<Activity>
{
    private static readonly FrozenSet<string> Kept = FrozenSet.Create(StringComparer.Ordinal,
        "http.request.method", "http.response.status_code", "http.route", "url.scheme", "network.protocol.version",
        "server.port", "error.type", "exception.type",
        "rpc.system", "rpc.service", "rpc.method",
        "signalr.hub", "signalr.method", "signalr.transport");

    public override void OnEnd(Activity data)
    {
        foreach (var (key, _) in data.TagObjects.Where(tag => !Kept.Contains(tag.Key)).ToList())
        {
            data.SetTag(key, null);
        }
        if (data.StatusDescription is not null)
        {
            data.SetStatus(data.Status);
        }
    }
}
