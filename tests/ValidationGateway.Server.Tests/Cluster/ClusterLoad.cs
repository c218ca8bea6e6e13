using System.Collections.Concurrent;
using System.Diagnostics;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Services;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>
/// Closed-loop Validate load through HAProxy, the way an HIS sends it: every call carries its institution as
/// <c>x-fixmedins-code</c> and a unique request_id. Records every acknowledged call with the node that answered it
/// (the test configuration's response header) and every client-visible error.
/// </summary>
internal sealed class ClusterLoad : IDisposable
{
    private const string RequestIdHeader = "x-test-request-id";

    private readonly ServedByHandler _handler = new();
    private readonly GrpcClient _client;
    private readonly IReadOnlyList<string> _institutions;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ClusterLoad(Uri endpoint, string key, IReadOnlyList<string> institutions)
    {
        _client = new GrpcClient(endpoint, _handler) { BearerToken = key };
        _institutions = institutions;
    }

    public ConcurrentBag<Acknowledged> Acknowledged { get; } = [];

    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Time since the load was created; the timestamps of <see cref="Acknowledged"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>
    /// Runs <paramref name="workers"/> senders until <paramref name="action"/> has run and <paramref name="after"/>
    /// has passed since, or <paramref name="maxCalls"/> calls were sent. <paramref name="action"/> runs once
    /// <paramref name="before"/> acknowledgements have arrived; returns when it ran (<see cref="TimeSpan"/> on the load's clock).
    /// </summary>
    public async Task<TimeSpan> RunAsync(string prefix, int workers, int before, Func<Task> action, TimeSpan after, int maxCalls)
    {
        var sent = 0;
        var actedAt = TimeSpan.MaxValue;
        var acted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var senders = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; Interlocked.Increment(ref sent) <= maxCalls; n++)
            {
                if (acted.Task.IsCompleted && Now > actedAt + after)
                {
                    break;
                }

                var institution = _institutions[(worker + n) % _institutions.Count];
                var request = Request(institution, Line("1", ValidDrug), Line("2", ValidService, price: "8.00"));
                request.RequestId = $"{prefix}-{worker}-{n}";
                await SendAsync(request).ConfigureAwait(false);
            }
        })).ToArray();

        var all = Task.WhenAll(senders);
        while (Acknowledged.Count < before && !all.IsCompleted)
        {
            await Task.Delay(10);
        }

        await action();
        actedAt = Now;
        acted.SetResult();
        await all;
        return actedAt;
    }

    /// <summary>Resends every acknowledged request; returns the ids that did not come back as replays.</summary>
    public async Task<List<string>> NotReplayedAsync()
    {
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ack, cancellationToken) =>
        {
            var replay = await _client.UnaryAsync(ValidationGrpcService.ValidatePath, ack.Request, ValidateResponse.Parser,
                new GrpcCallOptions { Deadline = TimeSpan.FromSeconds(20) }.WithMetadata("x-fixmedins-code", ack.Institution), cancellationToken).ConfigureAwait(false);
            if (!replay.Replayed)
            {
                missing.Add(ack.Request.RequestId);
            }
        });
        return [.. missing];
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    private async Task SendAsync(ValidateRequest request)
    {
        var started = Now;
        try
        {
            var options = new GrpcCallOptions { Deadline = TimeSpan.FromSeconds(20) }
                .WithMetadata("x-fixmedins-code", request.FixmedinsCode)
                .WithMetadata(RequestIdHeader, request.RequestId);
            await _client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser, options).ConfigureAwait(false);
            _handler.ServedBy.TryRemove(request.RequestId, out var node);
            Acknowledged.Add(new Acknowledged(request, request.FixmedinsCode, node ?? "?", started, Now));
        }
        catch (Exception ex) when (ex is GrpcStatusException or HttpRequestException or OperationCanceledException or IOException)
        {
            Errors.Enqueue($"{request.RequestId} ({request.FixmedinsCode}) sent at {started.TotalMilliseconds:0} ms: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Notes the HAProxy server that answered each call, by the test's request id header.</summary>
    private sealed class ServedByHandler : DelegatingHandler
    {
        public ServedByHandler()
            : base(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
        {
        }

        public ConcurrentDictionary<string, string> ServedBy { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (request.Headers.TryGetValues(RequestIdHeader, out var ids) && response.Headers.TryGetValues(GatewayCluster.ServedByHeader, out var nodes))
            {
                ServedBy[ids.First()] = nodes.First();
            }

            return response;
        }
    }
}
