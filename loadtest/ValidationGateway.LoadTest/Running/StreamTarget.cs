using System.Collections.Concurrent;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>
/// Batches travel on long-lived <c>ValidateStream</c> calls: <c>--streams</c> per institution (an HIS keeps its own
/// streams, and a load balancer routes a stream by its <c>x-fixmedins-code</c>), answers matched by request_id.
/// </summary>
/// <remarks>Thread-safe. A stream that fails fails its pending batches; the next batch for that slot opens a new stream.</remarks>
internal sealed class StreamTarget(IGrpcTransport transport, int streamsPerInstitution) : ICallTarget
{
    public const string Path = "/validationgateway.v1.ValidationService/ValidateStream";

    private readonly ConcurrentDictionary<string, StreamSlot[]> _slots = new(StringComparer.Ordinal);
    private int _next;

    public bool StartsCheaply => transport.StartsCheaply;

    public string Kind => "stream";

    /// <summary>Streams opened so far (including reopened ones).</summary>
    public int StreamsOpened => _slots.Values.Sum(s => s.Sum(x => x.Opened));

    public Task<Answer> SendAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slots = _slots.GetOrAdd(request.FixmedinsCode, code => [.. Enumerable.Range(0, streamsPerInstitution).Select(_ => new StreamSlot(transport, code))]);
        var slot = slots[(int)((uint)Interlocked.Increment(ref _next) % (uint)slots.Length)];
        return slot.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots.Values.SelectMany(s => s))
        {
            await slot.CloseAsync().ConfigureAwait(false);
        }
    }
}
