using System.Collections.Concurrent;
using System.Threading.Channels;
using ValidationGateway.Contracts.Health;
using ServingStatus = ValidationGateway.Contracts.Health.HealthCheckResponse.Types.ServingStatus;

namespace ValidationGateway.Grpc;

/// <summary>The standard <c>grpc.health.v1.Health</c> service (Check and Watch).</summary>
/// <remarks>
/// Thread-safe. "" (the whole server) and every registered service are SERVING unless set otherwise;
/// other names are unknown (Check: NOT_FOUND; Watch: SERVICE_UNKNOWN, as the health-checking spec says).
/// </remarks>
public sealed class GrpcHealthService
{
    /// <summary>The Check method path.</summary>
    public const string CheckPath = "/grpc.health.v1.Health/Check";

    /// <summary>The Watch method path.</summary>
    public const string WatchPath = "/grpc.health.v1.Health/Watch";

    private readonly GrpcServiceRegistry _registry;
    private readonly ConcurrentDictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<bool>, string> _watchers = new();

    /// <summary>Creates the service and registers its two methods in <paramref name="registry"/>.</summary>
    public GrpcHealthService(GrpcServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        registry.AddUnary<HealthCheckRequest, HealthCheckResponse>(CheckPath, HealthCheckRequest.Parser, CheckAsync);
        registry.AddServerStreaming<HealthCheckRequest, HealthCheckResponse>(WatchPath, HealthCheckRequest.Parser, WatchAsync);
    }

    /// <summary>Sets the status of a service ("" for the whole server) and notifies its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        _statuses[service] = status;
        foreach (var (signal, watched) in _watchers)
        {
            if (string.Equals(watched, service, StringComparison.Ordinal))
            {
                signal.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>The current status of a service, or null when the service is unknown.</summary>
    public ServingStatus? GetStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (_statuses.TryGetValue(service, out var status))
        {
            return status;
        }

        return service.Length == 0 || _registry.IsServiceRegistered(service) ? ServingStatus.Serving : null;
    }

    private ValueTask<HealthCheckResponse> CheckAsync(HealthCheckRequest request, GrpcServerCallContext context)
    {
        var status = GetStatus(request.Service)
            ?? throw new GrpcStatusException(GrpcStatusCode.NotFound, $"Unknown service '{request.Service}'.");
        return ValueTask.FromResult(new HealthCheckResponse { Status = status });
    }

    private async Task WatchAsync(
        HealthCheckRequest request,
        IGrpcStreamWriter<HealthCheckResponse> writer,
        GrpcServerCallContext context)
    {
        // One pending "changed" signal is enough: the watcher re-reads the current status, intermediate ones may be skipped.
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        _watchers[signal] = request.Service;
        try
        {
            ServingStatus? sent = null;
            while (true)
            {
                var current = GetStatus(request.Service) ?? ServingStatus.ServiceUnknown;
                if (current != sent)
                {
                    await writer.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken).ConfigureAwait(false);
                    sent = current;
                }

                await signal.Reader.ReadAsync(context.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _watchers.TryRemove(signal, out _);
        }
    }
}
