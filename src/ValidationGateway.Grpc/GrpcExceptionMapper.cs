using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ValidationGateway.Grpc;

/// <summary>The one place where exceptions become gRPC statuses.</summary>
/// <remarks>Clients never see the message or stack trace of an unexpected exception; it is logged instead.</remarks>
internal sealed class GrpcExceptionMapper
{
    private readonly Func<Exception, GrpcStatusException?>? _applicationMapper;
    private readonly ILogger _logger;

    public GrpcExceptionMapper(Func<Exception, GrpcStatusException?>? applicationMapper, ILogger logger)
    {
        _applicationMapper = applicationMapper;
        _logger = logger;
    }

    /// <summary>The status to answer with, or null when the client is gone and nothing should be sent.</summary>
    public GrpcStatusException? Map(Exception exception, GrpcServerCallContext context)
    {
        if (context.HttpContext.RequestAborted.IsCancellationRequested || exception is GrpcResponseClosedException)
        {
            GrpcLog.CallCancelled(_logger, context.Method);
            return null;
        }

        if (exception is GrpcStatusException status)
        {
            LogStatus(context, status);
            return status;
        }

        if (context.DeadlineExceeded)
        {
            GrpcLog.DeadlineExceeded(_logger, context.Method);
            return new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.");
        }

        if (exception is InvalidProtocolBufferException)
        {
            GrpcLog.MalformedMessage(_logger, context.Method, exception.Message);
            return new GrpcStatusException(GrpcStatusCode.InvalidArgument, "Malformed message: the request could not be parsed.");
        }

        GrpcStatusException? mapped = null;
        if (_applicationMapper is not null)
        {
            try
            {
                mapped = _applicationMapper(exception);
            }
            catch (Exception mapperFailure)
            {
                // A failing application mapper must not escape the transport; the call still gets INTERNAL.
                GrpcLog.UnexpectedException(_logger, context.Method, context.HttpContext.TraceIdentifier, mapperFailure);
            }
        }

        if (mapped is not null)
        {
            GrpcLog.MappedException(_logger, context.Method, mapped.StatusCode, exception);
            return mapped;
        }

        var traceId = context.HttpContext.TraceIdentifier;
        GrpcLog.UnexpectedException(_logger, context.Method, traceId, exception);
        return new GrpcStatusException(GrpcStatusCode.Internal, $"Internal server error (trace id {traceId}).");
    }

    private void LogStatus(GrpcServerCallContext context, GrpcStatusException status)
    {
        if (status.StatusCode == GrpcStatusCode.DeadlineExceeded)
        {
            GrpcLog.DeadlineExceeded(_logger, context.Method);
        }
        else
        {
            GrpcLog.StatusReturned(_logger, context.Method, status.StatusCode, status.Detail);
        }
    }
}
