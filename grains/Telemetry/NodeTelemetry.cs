using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Viv.Hosting;

namespace Viv.Telemetry;

/// <summary>
/// A node's metrics and traces, in OpenTelemetry's terms. Metrics go over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and to Prometheus from <c>Viv:Metrics</c>, a listener apart
/// from the public one; traces and logs (each with the trace it was written in) go over OTLP. With neither
/// set, nothing is collected: no span is made for a grain call nobody exports (the signal path is the one
/// Viv makes fast).
/// </summary>
public static class NodeTelemetry
{
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The meters besides Viv's own and the .NET runtime's: Orleans, ASP.NET Core's hosting, Kestrel, routing and SignalR's connections.</summary>
    private static readonly string[] Meters =
    [
        "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Routing",
    ];

    /// <summary>Orleans' spans (its runtime's and each grain call's) and SignalR's, one per hub method invoked.</summary>
    private static readonly string[] Sources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.AspNetCore.SignalR.Server"];

    private static bool Traces(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);

    /// <summary>A silo whose node exports traces carries each grain call's trace on to the grains it calls.</summary>
    public static ISiloBuilder AddVivTracing(this ISiloBuilder silo) => Traces(silo.Configuration) ? silo.AddActivityPropagation() : silo;

    /// <summary>A web node's calls into the cluster carry the trace of the request or hub method that made them.</summary>
    public static IClientBuilder AddVivTracing(this IClientBuilder client) => Traces(client.Configuration) ? client.AddActivityPropagation() : client;

    /// <summary>
    /// The exporter opens its listener only once the host runs, and a port taken then ends the process with
    /// a stack trace; tried here first, it ends with one line and its own exit code instead.
    /// </summary>
    private static void ExitUnlessFree(Uri scrape)
    {
        try
        {
            var listener = new TcpListener(Dns.GetHostAddresses(scrape.Host)[0], scrape.Port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException e)
        {
            StartupRefusal.ListenerUnavailable.Exit($"Viv cannot listen for Prometheus at '{scrape}' (Viv:Metrics): {e.Message}");
        }
    }

    /// <summary>Metrics and traces of a node: <paramref name="role"/> is "web" or "silo"; the node's name tells the instances apart.</summary>
    public static IHostApplicationBuilder AddVivTelemetry(this IHostApplicationBuilder builder, string role)
    {
        var viv = builder.Configuration.ReadValidated<VivOptions>(VivOptions.Section);
        var otlp = Traces(builder.Configuration);
        var scrape = string.IsNullOrWhiteSpace(viv.Metrics) ? null : new Uri(viv.Metrics);
        if (scrape is not null)
        {
            ExitUnlessFree(scrape);
        }
        if (!otlp && scrape is null)
        {
            return builder;
        }
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService($"viv-{role}", serviceInstanceId: viv.NodeName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(VivMetrics.MeterName).AddMeter(Meters).AddRuntimeInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
                if (scrape is not null)
                {
                    metrics.AddPrometheusHttpListener(listener => (listener.Host, listener.Port) = (scrape.Host, scrape.Port));
                }
            });
        if (otlp)
        {
            // Logs travel with the trace they were written in: an operator goes from a slow span to what the node said meanwhile.
            telemetry.WithLogging(logging => logging.AddOtlpExporter());
            telemetry.WithTracing(tracing => tracing
                .AddSource(Sources)
                .AddAspNetCoreInstrumentation()
                .AddProcessor(new ImpersonalSpans())
                .AddOtlpExporter());
        }
        return builder;
    }
}
