namespace ValidationGateway.Server.Metrics;

/// <summary>Metrics export (section <c>Metrics</c>). <c>/metrics</c> on the HTTP/1.1 endpoint is always on; OTLP push is optional.</summary>
public sealed class MetricsOptions
{
    /// <summary>OTLP endpoint to push the <c>ValidationGateway</c> meter to (e.g. <c>http://otel-collector:4317</c>); empty = no push.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary><c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318, path <c>/v1/metrics</c>).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed over OTLP (default 15 s).</summary>
    public TimeSpan OtlpExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Every invalid setting, each message naming it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (OtlpEndpoint.Length > 0
            && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Metrics:OtlpEndpoint must be an http:// or https:// URL (was '{OtlpEndpoint}')");
        }

        if (OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            errors.Add($"Metrics:OtlpProtocol must be grpc or http/protobuf (was '{OtlpProtocol}')");
        }

        if (OtlpExportInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Metrics:OtlpExportInterval must be at least 1 second (was {OtlpExportInterval})");
        }

        return errors;
    }
}
