using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>A stream of requests and a stream of responses, both open at once.</summary>
internal sealed class DuplexStreamingMethodHandler<TRequest, TResponse> : GrpcMethodHandler
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly GrpcMessageCheck? _check;
    private readonly Func<IGrpcStreamReader<TRequest>, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> _handler;

    public DuplexStreamingMethodHandler(
        string path,
        MessageParser<TRequest> parser,
        GrpcMessageCheck? check,
        Func<IGrpcStreamReader<TRequest>, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler)
        : base(path)
    {
        _parser = parser;
        _check = check;
        _handler = handler;
    }

    public override async Task HandleAsync(GrpcServerCallContext context)
    {
        // Clients may wait for the response headers before sending their first message: send them now. Without the
        // call's token: Kestrel resets the stream when the token of a waiting flush fires (see GrpcServerCallContext.FlushAsync).
        await context.HttpContext.Response.StartAsync(CancellationToken.None).ConfigureAwait(false);

        var reader = new GrpcServerStreamReader<TRequest>(context, _parser, _check);
        var writer = new GrpcServerStreamWriter<TResponse>(context);
        try
        {
            await _handler(reader, writer, context).ConfigureAwait(false);
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }
}
