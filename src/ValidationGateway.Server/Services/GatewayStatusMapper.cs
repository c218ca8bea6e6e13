using System.Data.Common;
using ValidationGateway.Core.Validation;
using ValidationGateway.Grpc;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Services;

/// <summary>Maps the gateway's own exceptions to gRPC statuses; plugged into the transport's single mapping point.</summary>
internal static class GatewayStatusMapper
{
    public static GrpcStatusException? Map(Exception exception) => exception switch
    {
        RequestRejectedException r => new GrpcStatusException(r.Kind switch
        {
            RequestErrorKind.InvalidArgument => GrpcStatusCode.InvalidArgument,
            RequestErrorKind.NotFound => GrpcStatusCode.NotFound,
            _ => GrpcStatusCode.Unavailable,
        }, r.Message),
        StoreNotFoundException n => new GrpcStatusException(GrpcStatusCode.NotFound, n.Message),
        StoreConflictException c => new GrpcStatusException(GrpcStatusCode.FailedPrecondition, c.Message),
        DbException or IOException => new GrpcStatusException(GrpcStatusCode.Unavailable, "存储暂不可用，请稍后重试（store unavailable）"),
        _ => null,
    };
}
