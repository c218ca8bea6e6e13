using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>Reads request messages of a streaming call from the request body.</summary>
internal sealed class GrpcServerStreamReader<T> : IGrpcStreamReader<T>
    where T : class, IMessage<T>
{
    private readonly GrpcServerCallContext _context;
    private readonly MessageParser<T> _parser;
    private readonly GrpcMessageCheck? _check;

    public GrpcServerStreamReader(GrpcServerCallContext context, MessageParser<T> parser, GrpcMessageCheck? check)
    {
        _context = context;
        _parser = parser;
        _check = check;
    }

    public ValueTask<T?> ReadAsync(CancellationToken cancellationToken = default) =>
        _context.ReadMessageAsync(_parser, _check, cancellationToken);

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }
}
