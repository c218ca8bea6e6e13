using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ValidationGateway.Server.Metrics;

/// <summary>Pushes the <c>ValidationGateway</c> meter over OTLP (configuration key <c>Metrics:OtlpEndpoint</c>), for sites that collect with OpenTelemetry rather than scrape.</summary>
internal static class OtlpMetricsExport
{
    /// <summary>Starts a meter provider exporting every <see cref="MetricsOptions.OtlpExportInterval"/>; dispose it to flush and stop.</summary>
    public static MeterProvider Start(MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("vgw", serviceVersion: GatewayMetrics.BuildVersion))
            .AddMeter(GatewayMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(options.OtlpEndpoint);
                exporter.Protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
            })
            .Build();
    }
}
