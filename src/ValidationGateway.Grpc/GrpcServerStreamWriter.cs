using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>Writes response messages of a streaming call; concurrent writers are serialized, one whole frame at a time.</summary>
internal sealed class GrpcServerStreamWriter<T> : IGrpcStreamWriter<T>, IDisposable
    where T : class, IMessage<T>
{
    private readonly GrpcServerCallContext _context;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _completed;

    public GrpcServerStreamWriter(GrpcServerCallContext context)
    {
        _context = context;
    }

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            _context.WriteMessage(message);
            await _context.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for a write in progress and refuses later ones, so that no frame follows the trailers.</summary>
    public async Task CompleteAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _completed = true;
        _gate.Release();
    }

    public void Dispose() => _gate.Dispose();
}
