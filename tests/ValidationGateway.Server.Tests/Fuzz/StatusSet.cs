using ValidationGateway.Grpc;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>The gRPC statuses a fuzz case may end with.</summary>
internal readonly record struct StatusSet(int Mask)
{
    public static readonly StatusSet Ok = Of(GrpcStatusCode.OK);

    /// <summary>What the engine may answer for a message that parsed: findings, a rejected request, an unknown key.</summary>
    public static readonly StatusSet Engine = Of(GrpcStatusCode.OK, GrpcStatusCode.InvalidArgument, GrpcStatusCode.NotFound);

    /// <summary>Frame-level errors: the spec's INTERNAL for a broken frame, RESOURCE_EXHAUSTED for an oversized one.</summary>
    public static readonly StatusSet Frame = Of(GrpcStatusCode.Internal, GrpcStatusCode.ResourceExhausted);

    public static StatusSet Of(params GrpcStatusCode[] codes)
    {
        var mask = 0;
        foreach (var code in codes)
        {
            mask |= 1 << (int)code;
        }

        return new StatusSet(mask);
    }

    public bool Contains(GrpcStatusCode code) => (Mask & (1 << (int)code)) != 0;

    public StatusSet Union(StatusSet other) => new(Mask | other.Mask);

    public StatusSet With(params GrpcStatusCode[] codes) => Union(Of(codes));

    public override string ToString() =>
        string.Join("|", Enum.GetValues<GrpcStatusCode>().Where(Contains));
}
