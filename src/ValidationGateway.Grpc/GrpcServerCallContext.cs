using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace ValidationGateway.Grpc;

/// <summary>One server-side gRPC call: its HTTP context, method, cancellation, deadline, metadata and trailers.</summary>
/// <remarks>
/// Owned by the transport for the duration of the call. <see cref="AddResponseTrailer"/> is not thread-safe; the
/// message reading and writing members are used by the transport's readers and writers, which serialize them.
/// </remarks>
public sealed class GrpcServerCallContext
{
    private readonly CancellationToken _deadlineToken;
    private readonly GrpcTransportOptions _options;
    private readonly bool _requestGzip;
    private List<KeyValuePair<string, string>>? _responseTrailers;

    internal GrpcServerCallContext(
        HttpContext httpContext,
        string method,
        DateTimeOffset? deadline,
        GrpcTransportOptions options,
        bool requestGzip,
        CancellationToken deadlineToken,
        CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        CancellationToken = cancellationToken;
        _deadlineToken = deadlineToken;
        Deadline = deadline;
        _options = options;
        _requestGzip = requestGzip;
    }

    /// <summary>The underlying HTTP/2 request and response.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The full method path, e.g. <c>/validationgateway.v1.ValidationService/Validate</c>.</summary>
    public string Method { get; }

    /// <summary>Cancelled when the client aborts the call or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>When the call's deadline passes (from <c>grpc-timeout</c>), or null when the client set none.</summary>
    public DateTimeOffset? Deadline { get; }

    internal bool DeadlineExceeded => _deadlineToken.IsCancellationRequested;

    internal bool ResponseMessageWritten { get; private set; }

    internal IReadOnlyList<KeyValuePair<string, string>>? ResponseTrailers => _responseTrailers;

    /// <summary>A request header (metadata) by name, case-insensitively; null when absent.</summary>
    public string? GetMetadata(string key) =>
        HttpContext.Request.Headers.TryGetValue(key, out var value) ? value.ToString() : null;

    /// <summary>Adds a trailer sent with the status at the end of the call (in the headers of a trailers-only answer).</summary>
    public void AddResponseTrailer(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        (_responseTrailers ??= []).Add(new(key, value));
    }

    internal async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, GrpcMessageCheck? check, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        using var linked = Link(cancellationToken, out var token);
        return await GrpcMessageReader.ReadAsync(
            HttpContext.Request.BodyReader, parser, _requestGzip, _options.MaxReceiveMessageSize, check, token).ConfigureAwait(false);
    }

    /// <summary>Buffers one response frame; the caller flushes (streams) or lets the end of the call flush (unary).</summary>
    internal void WriteMessage(IMessage message)
    {
        GrpcMessageWriter.Write(HttpContext.Response.BodyWriter, message, _options.MaxSendMessageSize);
        ResponseMessageWritten = true;
    }

    /// <summary>Encodes one response frame into <paramref name="target"/>, for a later <see cref="WriteFrames"/>; a
    /// message over the send limit throws RESOURCE_EXHAUSTED and writes nothing.</summary>
    internal void EncodeMessage(IBufferWriter<byte> target, IMessage message) =>
        GrpcMessageWriter.Write(target, message, _options.MaxSendMessageSize);

    /// <summary>Buffers whole response frames encoded by <see cref="EncodeMessage"/>; the caller flushes.</summary>
    internal void WriteFrames(ReadOnlySpan<byte> frames)
    {
        HttpContext.Response.BodyWriter.Write(frames);
        ResponseMessageWritten = true;
    }

    /// <remarks>
    /// No token reaches Kestrel: when the token of a response flush that is waiting (the client is not reading, its
    /// HTTP/2 window is full) fires, Kestrel resets the stream with <c>RST_STREAM(INTERNAL_ERROR)</c> and the client
    /// never gets the status (the likely cause of fuzz case 11251, reproduced in GrpcTransportTests). The call's token
    /// (deadline, client abort) and the caller's only cut the wait short (<see cref="PipeWriter.CancelPendingFlush"/>);
    /// the call then ends with its status in the trailers, behind the messages already buffered.
    /// </remarks>
    internal async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        using var linked = Link(cancellationToken, out var token);
        token.ThrowIfCancellationRequested();
        var writer = HttpContext.Response.BodyWriter;
        FlushResult result;
        using (token.UnsafeRegister(static w => ((PipeWriter)w!).CancelPendingFlush(), writer))
        {
            result = await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (result.IsCompleted)
        {
            // The transport closed the stream: the client went away, maybe before the abort token fires.
            throw new GrpcResponseClosedException(token);
        }

        if (result.IsCanceled)
        {
            // The token cut the wait short; the transport reports the call as cancelled (or past its deadline).
            throw new OperationCanceledException("The response stream was closed.", token);
        }
    }

    private CancellationTokenSource? Link(CancellationToken cancellationToken, out CancellationToken token)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == CancellationToken)
        {
            token = CancellationToken;
            return null;
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, cancellationToken);
        token = linked.Token;
        return linked;
    }
}
