using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace ValidationGateway.Grpc;

/// <summary>Serves registered gRPC methods over HTTP/2; passes every other request on.</summary>
internal sealed class GrpcTransportMiddleware
{
    // Timers cannot wait longer than this; a longer grpc-timeout is treated as no deadline.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static readonly string[] StatusStrings =
        [.. Enumerable.Range(0, 17).Select(code => code.ToString(CultureInfo.InvariantCulture))];

    private readonly RequestDelegate _next;
    private readonly GrpcServiceRegistry _registry;
    private readonly GrpcTransportOptions _options;
    private readonly GrpcExceptionMapper _mapper;
    private readonly ILogger _logger;

    public GrpcTransportMiddleware(RequestDelegate next, GrpcServiceRegistry registry, GrpcTransportOptions options, ILogger logger)
    {
        _next = next;
        _registry = registry;
        _options = options;
        _logger = logger;
        _mapper = new GrpcExceptionMapper(options.ExceptionMapper, logger);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        var method = _registry.Find(path);
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            if (method is null)
            {
                return _next(context);
            }

            GrpcLog.RequestRejected(_logger, path, "content type is not application/grpc");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Task.CompletedTask;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            GrpcLog.RequestRejected(_logger, path, "HTTP method is not POST");
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = HttpMethods.Post;
            return Task.CompletedTask;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            GrpcLog.RequestRejected(_logger, path, "gRPC needs HTTP/2");
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            return Task.CompletedTask;
        }

        return HandleCallAsync(context, path, method);
    }

    private static void AllowLongStreams(HttpContext context)
    {
        // Streams live long and carry many messages: the per-message limit protects the server instead.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxSize)
        {
            maxSize.MaxRequestBodySize = null;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }
    }

    private static void WriteStatus(GrpcServerCallContext call, GrpcStatusCode code, string? detail, IReadOnlyList<KeyValuePair<string, string>>? extra)
    {
        var response = call.HttpContext.Response;
        if (!call.ResponseMessageWritten && !response.HasStarted)
        {
            // Trailers-only: the status rides in the only HEADERS frame, which Kestrel ends the stream with.
            var headers = response.Headers;
            headers[GrpcProtocol.StatusHeader] = StatusStrings[(int)code];
            if (!string.IsNullOrEmpty(detail))
            {
                headers[GrpcProtocol.MessageHeader] = GrpcStatusMessage.Encode(detail);
            }

            foreach (var (key, value) in Concat(call.ResponseTrailers, extra))
            {
                headers.Append(key, value);
            }

            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, StatusStrings[(int)code]);
        if (!string.IsNullOrEmpty(detail))
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcStatusMessage.Encode(detail));
        }

        foreach (var (key, value) in Concat(call.ResponseTrailers, extra))
        {
            response.AppendTrailer(key, value);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Concat(
        IReadOnlyList<KeyValuePair<string, string>>? first,
        IReadOnlyList<KeyValuePair<string, string>>? second) =>
        (first ?? []).Concat(second ?? []);

    private async Task HandleCallAsync(HttpContext context, string path, GrpcMethodHandler? method)
    {
        AllowLongStreams(context);
        var request = context.Request;
        var response = context.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.AcceptedEncodings;

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        var gzip = string.Equals(encoding, GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase);
        var unsupportedEncoding = !gzip && encoding.Length > 0 && !string.Equals(encoding, GrpcProtocol.Identity, StringComparison.OrdinalIgnoreCase);

        var timeProvider = _options.TimeProvider;
        var started = timeProvider.GetTimestamp();
        TimeSpan? timeout = null;
        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                timeout = parsed;
            }
            else
            {
                GrpcLog.InvalidTimeout(_logger, path, timeoutHeader);
            }
        }

        using var deadlineSource = timeout is { } t && t <= MaxTimerDelay ? new CancellationTokenSource(t, timeProvider) : null;
        using var callSource = deadlineSource is null
            ? null
            : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadlineSource.Token);
        var call = new GrpcServerCallContext(
            context,
            path,
            deadlineSource is null ? null : timeProvider.GetUtcNow() + timeout!.Value,
            _options,
            gzip,
            deadlineSource?.Token ?? CancellationToken.None,
            callSource?.Token ?? context.RequestAborted);

        try
        {
            if (method is null)
            {
                GrpcLog.UnknownMethod(_logger, path);
                throw new GrpcStatusException(GrpcStatusCode.Unimplemented, $"Method '{path}' is not implemented.");
            }

            if (unsupportedEncoding)
            {
                // The compression spec: UNIMPLEMENTED, with grpc-accept-encoding (set above) listing what we take.
                throw new GrpcStatusException(
                    GrpcStatusCode.Unimplemented,
                    $"Unsupported grpc-encoding '{encoding}'; supported: {GrpcProtocol.AcceptedEncodings}.");
            }

            await method.HandleAsync(call).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The transport boundary: every failure becomes a status, in the mapper only.
            var status = _mapper.Map(exception, call);
            if (status is not null)
            {
                WriteStatus(call, status.StatusCode, status.Detail, status.Trailers);
            }

            _options.CallCompleted?.Invoke(method?.Path ?? GrpcTransportOptions.UnknownMethod, status?.StatusCode ?? GrpcStatusCode.Cancelled, timeProvider.GetElapsedTime(started));
            return;
        }

        WriteStatus(call, GrpcStatusCode.OK, null, null);
        _options.CallCompleted?.Invoke(method.Path, GrpcStatusCode.OK, timeProvider.GetElapsedTime(started));
    }
}
