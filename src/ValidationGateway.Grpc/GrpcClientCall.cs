using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>One client call: sends the request, reads response messages, and turns the outcome into a status.</summary>
/// <remarks>Reads are single-reader. All failures leave as <see cref="GrpcStatusException"/>, except the caller's own cancellation.</remarks>
internal sealed class GrpcClientCall : IDisposable
{
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenSource _callSource;
    private readonly CancellationToken _callerToken;
    private readonly int _maxReceiveMessageSize;
    private HttpResponseMessage? _response;
    private PipeReader? _body;
    private bool _gzip;
    private bool _finished;
    private bool _disposed;

    public GrpcClientCall(
        HttpClient httpClient,
        Uri uri,
        HttpContent content,
        GrpcCallOptions? options,
        int maxReceiveMessageSize,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        _callerToken = cancellationToken;
        _maxReceiveMessageSize = maxReceiveMessageSize;
        if (options?.Deadline is { } deadline)
        {
            _deadlineSource = new CancellationTokenSource(deadline < TimeSpan.Zero ? TimeSpan.Zero : deadline, timeProvider);
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadlineSource.Token);
        }
        else
        {
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.AcceptedEncodings);
        if (options is not null)
        {
            if (options.Deadline is { } timeout)
            {
                headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(timeout));
            }

            if (options.CompressRequest)
            {
                headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.Gzip);
            }

            foreach (var (key, value) in options.Metadata)
            {
                headers.TryAddWithoutValidation(key, value);
            }
        }

        ResponseTask = httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _callSource.Token);
    }

    public Task<HttpResponseMessage> ResponseTask { get; }

    public CancellationToken CallToken => _callSource.Token;

    /// <summary>Reads the next response message; null at the end of an OK call; throws the status otherwise.</summary>
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(_callSource.Token, cancellationToken)
            : null;
        var token = linked?.Token ?? _callSource.Token;
        try
        {
            if (_finished)
            {
                return null;
            }

            var body = _body ?? await OpenResponseAsync(token).ConfigureAwait(false);
            if (body is null)
            {
                return null;
            }

            var message = await GrpcMessageReader.ReadAsync(body, parser, _gzip, _maxReceiveMessageSize, check: null, token).ConfigureAwait(false);
            if (message is null)
            {
                _finished = true;
                ThrowIfError(_response!.TrailingHeaders);
            }

            return message;
        }
        catch (Exception exception) when (Translate(exception, cancellationToken) is { } translated)
        {
            _finished = true;
            throw translated;
        }
    }

    /// <summary>The exception a caller should see for a failure, or null to let it pass as it is.</summary>
    public Exception? Translate(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is GrpcStatusException)
        {
            return null;
        }

        if (_deadlineSource?.IsCancellationRequested == true)
        {
            return new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.", null, exception);
        }

        if (_callerToken.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            return exception is OperationCanceledException
                ? null
                : new OperationCanceledException("The call was cancelled.", exception, cancellationToken);
        }

        if (_disposed)
        {
            return new GrpcStatusException(GrpcStatusCode.Cancelled, "The call was disposed.", null, exception);
        }

        return exception switch
        {
            InvalidProtocolBufferException => new GrpcStatusException(GrpcStatusCode.Internal, "Failed to parse the response message.", null, exception),
            HttpProtocolException protocol => new GrpcStatusException(FromHttp2Error(protocol.ErrorCode), protocol.Message, null, exception),
            HttpRequestException or IOException => new GrpcStatusException(GrpcStatusCode.Unavailable, exception.Message, null, exception),
            _ => null,
        };
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _callSource.Cancel();
        _body?.Complete();
        if (_response is not null)
        {
            _response.Dispose();
        }
        else
        {
            // Never read: once SendAsync has returned, cancelling its token no longer resets the HTTP/2 stream, and the
            // server would keep the call open (a streaming handler waiting on a flush) until the connection closes.
            _ = ResponseTask.ContinueWith(
                static t => t.Result.Dispose(),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        _callSource.Dispose();
        _deadlineSource?.Dispose();
    }

    private static void ThrowIfError(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            throw new GrpcStatusException(GrpcStatusCode.Unknown, "The response ended without a grpc-status.");
        }

        var statusText = statusValues.FirstOrDefault();
        if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new GrpcStatusException(GrpcStatusCode.Unknown, $"Unparseable grpc-status '{statusText}'.");
        }

        if (status == 0)
        {
            return;
        }

        var detail = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? GrpcStatusMessage.Decode(messages.FirstOrDefault() ?? string.Empty)
            : string.Empty;
        var trailers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in headers)
        {
            if (!GrpcProtocol.IsReservedHeader(name))
            {
                foreach (var value in values)
                {
                    trailers.Add(new(name, value));
                }
            }
        }

        throw new GrpcStatusException((GrpcStatusCode)status, detail, trailers);
    }

    // gRPC's HTTP to gRPC status mapping, for answers that are not gRPC at all.
    private static GrpcStatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    // RST_STREAM error codes, as the gRPC HTTP/2 spec maps them.
    private static GrpcStatusCode FromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => GrpcStatusCode.Unavailable,
        0x8 => GrpcStatusCode.Cancelled,
        0xB => GrpcStatusCode.ResourceExhausted,
        0xC => GrpcStatusCode.PermissionDenied,
        _ => GrpcStatusCode.Internal,
    };

    private async ValueTask<PipeReader?> OpenResponseAsync(CancellationToken cancellationToken)
    {
        var response = await ResponseTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        _response = response;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new GrpcStatusException(
                FromHttpStatus(response.StatusCode),
                $"Bad gRPC response: HTTP status {(int)response.StatusCode}.");
        }

        if (response.Headers.Contains(GrpcProtocol.StatusHeader))
        {
            // Trailers-only: the status is in the headers and there is no body.
            _finished = true;
            ThrowIfError(response.Headers);
            return null;
        }

        if (!GrpcProtocol.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
        {
            throw new GrpcStatusException(
                GrpcStatusCode.Unknown,
                $"Bad gRPC response: content type '{response.Content.Headers.ContentType}'.");
        }

        _gzip = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings)
            && string.Equals(encodings.FirstOrDefault(), GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        _body = PipeReader.Create(stream);
        return _body;
    }
}
