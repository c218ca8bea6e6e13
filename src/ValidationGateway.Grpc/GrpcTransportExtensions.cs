using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ValidationGateway.Grpc;

/// <summary>Wires the gRPC transport into an ASP.NET Core pipeline.</summary>
public static class GrpcTransportExtensions
{
    /// <summary>Serves the registry's methods to HTTP/2 requests with a gRPC content type; other requests pass on.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad setting.</exception>
    public static IApplicationBuilder UseGrpcTransport(
        this IApplicationBuilder app,
        GrpcServiceRegistry registry,
        GrpcTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new GrpcTransportOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid gRPC transport options: " + string.Join(" ", errors), nameof(options));
        }

        var loggerFactory = app.ApplicationServices.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("ValidationGateway.Grpc.Transport");
        return app.Use(next => new GrpcTransportMiddleware(next, registry, options, logger).InvokeAsync);
    }
}
