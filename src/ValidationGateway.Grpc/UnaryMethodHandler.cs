using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>One request message, one response message.</summary>
internal sealed class UnaryMethodHandler<TRequest, TResponse> : GrpcMethodHandler
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly GrpcMessageCheck? _check;
    private readonly Func<TRequest, GrpcServerCallContext, ValueTask<TResponse>> _handler;

    public UnaryMethodHandler(
        string path,
        MessageParser<TRequest> parser,
        GrpcMessageCheck? check,
        Func<TRequest, GrpcServerCallContext, ValueTask<TResponse>> handler)
        : base(path)
    {
        _parser = parser;
        _check = check;
        _handler = handler;
    }

    public override async Task HandleAsync(GrpcServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(context, _parser, _check).ConfigureAwait(false);
        var response = await _handler(request, context).ConfigureAwait(false);

        // No flush: the end of the call sends headers, the message and the trailers together.
        context.WriteMessage(response);
    }

    /// <summary>Reads exactly one request message and the end of the request stream.</summary>
    internal static async ValueTask<TRequest> ReadSingleRequestAsync(GrpcServerCallContext context, MessageParser<TRequest> parser, GrpcMessageCheck? check)
    {
        var request = await context.ReadMessageAsync(parser, check, context.CancellationToken).ConfigureAwait(false)
            ?? throw new GrpcStatusException(GrpcStatusCode.Internal, "Incomplete request: no request message received.");
        if (await context.ReadMessageAsync(parser, check, context.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "More than one request message received for a call that takes one.");
        }

        return request;
    }
}
