using ValidationGateway.Grpc;

namespace ValidationGateway.Server.Metrics;

/// <summary>The gRPC spec's status names (<c>OK</c>, <c>INVALID_ARGUMENT</c>, …), the <c>code</c> label values.</summary>
internal static class GrpcStatusNames
{
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The name of <paramref name="code"/>; codes outside the spec are <c>UNKNOWN</c>, keeping the label bounded.</summary>
    public static string Of(GrpcStatusCode code) => (uint)code < (uint)Names.Length ? Names[(int)code] : "UNKNOWN";
}
