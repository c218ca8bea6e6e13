using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>One request message, a stream of response messages.</summary>
internal sealed class ServerStreamingMethodHandler<TRequest, TResponse> : GrpcMethodHandler
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly GrpcMessageCheck? _check;
    private readonly Func<TRequest, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> _handler;

    public ServerStreamingMethodHandler(
        string path,
        MessageParser<TRequest> parser,
        GrpcMessageCheck? check,
        Func<TRequest, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler)
        : base(path)
    {
        _parser = parser;
        _check = check;
        _handler = handler;
    }

    public override async Task HandleAsync(GrpcServerCallContext context)
    {
        var request = await UnaryMethodHandler<TRequest, TResponse>.ReadSingleRequestAsync(context, _parser, _check).ConfigureAwait(false);
        var writer = new GrpcServerStreamWriter<TResponse>(context);
        try
        {
            await _handler(request, writer, context).ConfigureAwait(false);
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }
}
