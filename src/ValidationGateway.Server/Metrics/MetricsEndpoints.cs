using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ValidationGateway.Server.Metrics;

/// <summary>Maps <c>GET /metrics</c>.</summary>
internal static class MetricsEndpoints
{
    /// <summary>Serves <paramref name="exporter"/>'s scrape. Open, like <c>/healthz</c>: it carries no institution and no secret, and belongs on the private network the HTTP/1.1 endpoint listens on.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints, PrometheusExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        return endpoints.MapGet("/metrics", () => Results.Text(exporter.Collect(), PrometheusText.ContentType));
    }
}
