using Microsoft.Extensions.Logging;

namespace ValidationGateway.Grpc;

/// <summary>Transport log messages; event ids 2000–2099.</summary>
internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "gRPC call {Method} failed with an unexpected exception; answered INTERNAL (trace id {TraceId})")]
    public static partial void UnexpectedException(ILogger logger, string method, string traceId, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "gRPC call {Method} failed; the application mapped the exception to {StatusCode}")]
    public static partial void MappedException(ILogger logger, string method, GrpcStatusCode statusCode, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "gRPC call {Method} was cancelled by the client")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "gRPC call {Method} exceeded its deadline")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "gRPC call {Method} answered {StatusCode}: {Detail}")]
    public static partial void StatusReturned(ILogger logger, string method, GrpcStatusCode statusCode, string detail);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "gRPC method {Method} is not registered")]
    public static partial void UnknownMethod(ILogger logger, string method);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Request to gRPC method {Method} rejected: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Ignoring malformed grpc-timeout '{Timeout}' on {Method}")]
    public static partial void InvalidTimeout(ILogger logger, string method, string timeout);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "gRPC call {Method} rejected the client's message: {Detail}")]
    public static partial void MalformedMessage(ILogger logger, string method, string detail);
}
